import type { ClientConfig } from '../config.ts';

/**
 * Exact string match against the client's list (RFC 9700 §4.1.3): no prefix, no normalisation,
 * no wildcard. Anything looser lets an attacker steer the code to a URL they control.
 */
export const isRegisteredRedirectUri = (client: ClientConfig, redirectUri: string): boolean =>
  client.redirectUris.includes(redirectUri);

/** `post_logout_redirect_uri` / `returnTo`: the same exact match against the logout list. */
export const isRegisteredPostLogoutUri = (client: ClientConfig, uri: string): boolean =>
  client.postLogoutRedirectUris.includes(uri);
