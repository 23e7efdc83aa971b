import type { ClientConfig } from '../config.ts';

// RFC 8252 §7.3: loopback IP literals; `localhost` is not one of them (§8.3: it may resolve elsewhere).
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]']);

/**
 * RFC 8252 §7.3: a native app listens on whatever port it gets, so for a registered loopback IP
 * redirect (http, no port) any port matches — and nothing else may differ.
 */
function isLoopbackPortVariant(registered: string, requested: string): boolean {
  let registeredUrl: URL;
  let requestedUrl: URL;
  try {
    registeredUrl = new URL(registered);
    requestedUrl = new URL(requested);
  } catch {
    return false;
  }
  if (registeredUrl.protocol !== 'http:' || !LOOPBACK_HOSTS.has(registeredUrl.hostname)) {
    return false;
  }
  if (registeredUrl.port !== '' || requestedUrl.port === '') return false;
  registeredUrl.port = requestedUrl.port;
  // Compared as strings, so no normalisation (case, dot segments, encoding) can sneak through.
  return registeredUrl.href === requested;
}

/**
 * Exact string match against the client's list (RFC 9700 §4.1.3): no prefix, no normalisation,
 * no wildcard. Anything looser lets an attacker steer the code to a URL they control. The one
 * exception is a native client's loopback redirect, whose port may vary (RFC 8252 §7.3).
 */
export const isRegisteredRedirectUri = (client: ClientConfig, redirectUri: string): boolean =>
  client.redirectUris.includes(redirectUri) ||
  (client.type === 'native' &&
    client.redirectUris.some((registered) => isLoopbackPortVariant(registered, redirectUri)));

/** `post_logout_redirect_uri` / `returnTo`: the same exact match against the logout list. */
export const isRegisteredPostLogoutUri = (client: ClientConfig, uri: string): boolean =>
  client.postLogoutRedirectUris.includes(uri);
