import type { NavigateParams, NavigateResponse } from 'oidc-client-ts';
import { FEDCM_CONFIG_PATH } from '../protocol/fedcm.ts';
import {
  browserFedCmEnvironment,
  type FedCmEnvironment,
  type FedCmMediation,
  requestFedCmCode,
} from './fedcmCredential.ts';

/**
 * FedCM in the place of the hidden frame: this module is the `IWindow` codeFlows hands to
 * oidc-client-ts when FedCM is chosen (loaded as a chunk of its own only then). The library
 * builds the silent request as for a frame (state, nonce and PKCE verifier in its state store);
 * FedCM carries its client, nonce, PKCE challenge, scope, audience and redirect URI to the server,
 * and the code comes back as the answer the frame would have brought. The library then exchanges
 * it and checks the ID token (nonce, issuer, audience) exactly as for the frame transports.
 */
export const navigate = (params: NavigateParams): Promise<NavigateResponse> =>
  navigateWithFedCm(params, browserFedCmEnvironment(), 'silent');

/**
 * The authorization request in `url` asked of FedCM with `mediation`, answered as its redirect
 * would be. The provider's config is at the authorization server's origin (FEDCM_CONFIG_PATH).
 */
export async function navigateWithFedCm(
  { url, state }: NavigateParams,
  env: FedCmEnvironment,
  mediation: FedCmMediation,
): Promise<NavigateResponse> {
  const authorize = new URL(url);
  const request = authorize.searchParams;
  const redirectUri = request.get('redirect_uri') ?? '';
  const { code } = await requestFedCmCode(env, {
    configURL: new URL(FEDCM_CONFIG_PATH, authorize.origin).href,
    clientId: request.get('client_id') ?? '',
    mediation,
    params: {
      nonce: request.get('nonce') ?? '',
      code_challenge: request.get('code_challenge') ?? '',
      code_challenge_method: 'S256',
      ...optional('scope', request.get('scope')),
      ...optional('audience', request.get('audience')),
      // The server binds the code to it: oidc-client-ts always sends one with the exchange.
      redirect_uri: redirectUri,
    },
  });
  const answer = new URL(redirectUri);
  answer.search = new URLSearchParams({ code, ...(state ? { state } : {}) }).toString();
  return { url: answer.href };
}

const optional = (name: string, value: string | null) => (value ? { [name]: value } : {});
