import type { ClientConfig } from '../config.ts';
import type { Domain } from './domain.ts';
import { verifyJwt } from './jwt.ts';
import { isRegisteredPostLogoutUri } from './redirectUri.ts';

export interface LogoutRequest {
  clientId: string | undefined;
  /** `returnTo` (Auth0 /v2/logout) or `post_logout_redirect_uri` (OIDC RP-Initiated Logout). */
  redirectUri: string | undefined;
  idTokenHint: string | undefined;
  /** OIDC only: echoed to the redirect URI. */
  state: string | undefined;
}

function clientOfHint(domain: Domain, hint: string): string | undefined {
  const result = verifyJwt(hint, domain.signingKey, {
    issuers: domain.config.issuers,
    now: domain.clock.now(),
    checkExpiry: false,
  });
  if (!result.ok) return undefined;
  const { aud } = result.claims;
  return typeof aud === 'string' ? aud : undefined;
}

/**
 * Where to send the browser after logout: only to a URL the client registered for that, the
 * client named by `client_id` or by the `id_token_hint` (and both must agree). Otherwise
 * nowhere: the caller shows a "you are logged out" page, never an open redirect.
 */
export function postLogoutRedirectFor(domain: Domain, request: LogoutRequest): string | undefined {
  if (request.redirectUri === undefined) return undefined;
  const hintClientId = request.idTokenHint ? clientOfHint(domain, request.idTokenHint) : undefined;
  if (request.idTokenHint && hintClientId === undefined) return undefined;
  if (request.clientId && hintClientId && request.clientId !== hintClientId) return undefined;
  const clientId = request.clientId ?? hintClientId;
  const client: ClientConfig | undefined = clientId ? domain.registry.client(clientId) : undefined;
  if (!client || !isRegisteredPostLogoutUri(client, request.redirectUri)) return undefined;
  if (request.state === undefined) return request.redirectUri;
  const url = new URL(request.redirectUri);
  url.searchParams.append('state', request.state);
  return url.href;
}
