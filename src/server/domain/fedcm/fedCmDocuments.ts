import {
  FEDCM_ACCOUNTS_PATH,
  FEDCM_ASSERTION_PATH,
  FEDCM_CLIENT_METADATA_PATH,
  FEDCM_CONFIG_PATH,
  FEDCM_DISCONNECT_PATH,
} from '../../../protocol/fedcm.ts';

/** The account login page: FedCM opens it when the browser knows the user is signed out. */
const LOGIN_PATH = '/login';

const at = (issuer: string, path: string) => new URL(path, issuer).href;

/** The identity provider's config file (FedCM §"The config file"), every URL at this issuer. */
export function fedCmConfigDocument(issuer: string) {
  return {
    accounts_endpoint: at(issuer, FEDCM_ACCOUNTS_PATH),
    client_metadata_endpoint: at(issuer, FEDCM_CLIENT_METADATA_PATH),
    id_assertion_endpoint: at(issuer, FEDCM_ASSERTION_PATH),
    disconnect_endpoint: at(issuer, FEDCM_DISCONNECT_PATH),
    login_url: at(issuer, LOGIN_PATH),
    branding: { name: 'Silent Auth Lab', background_color: '#1f2937', color: '#ffffff' },
  };
}

/**
 * `/.well-known/web-identity` at the issuer's origin. With a client metadata endpoint in the
 * config, Chromium (from 145) wants `accounts_endpoint` and `login_url` here too, the same as
 * in the config.
 */
export function fedCmWellKnownDocument(issuer: string) {
  const config = fedCmConfigDocument(issuer);
  return {
    provider_urls: [at(issuer, FEDCM_CONFIG_PATH)],
    accounts_endpoint: config.accounts_endpoint,
    login_url: config.login_url,
  };
}
