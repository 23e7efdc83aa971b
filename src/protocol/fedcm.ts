/**
 * FedCM (Federated Credential Management, https://w3c-fedid.github.io/FedCM/): where the server's
 * identity provider files live, shared by the server and the SPA that calls
 * `navigator.credentials.get({identity: {providers: [{configURL: issuer + FEDCM_CONFIG_PATH}]}})`.
 */
export const FEDCM_WELL_KNOWN_PATH = '/.well-known/web-identity';
export const FEDCM_CONFIG_PATH = '/fedcm/config.json';
export const FEDCM_ACCOUNTS_PATH = '/fedcm/accounts';
export const FEDCM_CLIENT_METADATA_PATH = '/fedcm/client_metadata';
export const FEDCM_ASSERTION_PATH = '/fedcm/assertion';
export const FEDCM_DISCONNECT_PATH = '/fedcm/disconnect';

/**
 * What the SPA passes as the provider's `params` (sent to the assertion endpoint as one JSON
 * string): the OAuth request the code is bound to, as in the OAuth profile for FedCM.
 */
export interface FedCmAssertionParams {
  nonce: string;
  code_challenge: string;
  code_challenge_method: 'S256';
  scope?: string;
  audience?: string;
}
