import { GRANT_TYPES } from '../../../protocol/oauth.ts';
import type { ClientConfig, ClientGrantType } from '../../config.ts';
import { OAuthError } from '../oauthError.ts';

const unauthorizedClient = (description: string) =>
  new OAuthError('unauthorized_client', description);

/**
 * A refresh token is for installed and server-side apps only (Auth0: "A Single-Page Application
 * should not ever receive a Refresh Token"). Refused for a SPA client, and for any request a
 * browser made (it carries `Origin`): a token leaked into a page must not work from there either.
 */
export function checkRefreshTokenUseAllowed(
  client: ClientConfig,
  origin: string | undefined,
): void {
  if (client.type === 'spa') {
    throw unauthorizedClient(
      'A single-page application cannot use refresh tokens; renew with silent authentication (prompt=none) instead',
    );
  }
  if (origin !== undefined) {
    throw unauthorizedClient(
      `Refresh tokens cannot be used from a browser (the request came from ${origin}); only installed or server-side apps may hold them`,
    );
  }
  checkGrantEnabled(client, GRANT_TYPES.refreshToken);
}

/** The client's "Grant Types" must list the grant. */
export function checkGrantEnabled(client: ClientConfig, grant: ClientGrantType): void {
  if (!client.grantTypes.includes(grant)) {
    throw unauthorizedClient(`Client ${client.clientId} is not allowed the ${grant} grant`);
  }
}

/**
 * Whether this client may use this token endpoint grant at all, before any of its parameters
 * are read. The password grant is for first-party clients only: a third party must never see
 * the user's password.
 */
export function checkClientGrant(
  client: ClientConfig,
  grantType: ClientGrantType,
  origin: string | undefined,
): void {
  if (grantType === GRANT_TYPES.refreshToken) {
    checkRefreshTokenUseAllowed(client, origin);
    return;
  }
  if (grantType === GRANT_TYPES.password && client.thirdParty) {
    throw unauthorizedClient('The password grant is only for first-party clients');
  }
  checkGrantEnabled(client, grantType);
}
