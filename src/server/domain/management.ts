import type { RefreshTokenRecord } from '../store/records.ts';
import { bearerChallenge } from './bearerChallenge.ts';
import type { Domain } from './domain.ts';
import { verifyJwt } from './jwt.ts';
import { OAuthError } from './oauthError.ts';
import { listRefreshTokens } from './refreshTokens.ts';

const invalidToken = (description: string) =>
  new OAuthError('invalid_token', description, {
    status: 401,
    wwwAuthenticate: bearerChallenge('invalid_token', description, 'api/v2'),
  });

/**
 * The management API takes only our access tokens for its audience (obtained with
 * client_credentials), live, not revoked, holding the scope the operation needs.
 */
export function authorizeManagementRequest(
  domain: Domain,
  accessToken: string | undefined,
  requiredScope: string,
): void {
  if (!accessToken) {
    throw new OAuthError('invalid_request', 'Missing authentication (a Bearer access token)', {
      status: 401,
      wwwAuthenticate: bearerChallenge(undefined, undefined, 'api/v2'),
    });
  }
  const result = verifyJwt(accessToken, domain.signingKey, {
    issuers: domain.config.issuers,
    audience: domain.registry.managementApi.identifier,
    now: domain.clock.now(),
  });
  if (!result.ok) throw invalidToken(`Invalid token: ${result.reason}`);
  const { jti, scope } = result.claims;
  if (typeof jti !== 'string' || domain.store.isTokenRevoked(jti)) {
    throw invalidToken('Invalid token: it has been revoked');
  }
  const scopes = typeof scope === 'string' ? scope.split(' ') : [];
  if (!scopes.includes(requiredScope)) {
    throw new OAuthError(
      'insufficient_scope',
      `Insufficient scope, expected any of: ${requiredScope}`,
      {
        status: 403,
        wwwAuthenticate: bearerChallenge('insufficient_scope', requiredScope, 'api/v2'),
      },
    );
  }
}

/** Auth0's device credential object (GET /api/v2/device-credentials). */
export interface DeviceCredential {
  id: string;
  device_name: string;
  device_id: string;
  type: 'refresh_token' | 'rotating_refresh_token';
  user_id: string;
  client_id: string;
}

export const DEVICE_CREDENTIAL_TYPES = ['refresh_token', 'rotating_refresh_token'] as const;

const toDeviceCredential = (record: RefreshTokenRecord): DeviceCredential => ({
  id: record.id,
  device_name: record.device,
  device_id: record.device,
  type: record.rotating ? 'rotating_refresh_token' : 'refresh_token',
  user_id: record.sub,
  client_id: record.clientId,
});

export interface DeviceCredentialQuery {
  userId?: string;
  clientId?: string;
  type?: string;
}

export function listDeviceCredentials(
  domain: Domain,
  { userId, clientId, type }: DeviceCredentialQuery,
): DeviceCredential[] {
  if (type !== undefined && !(DEVICE_CREDENTIAL_TYPES as readonly string[]).includes(type)) {
    throw new OAuthError(
      'invalid_request',
      `type must be one of ${DEVICE_CREDENTIAL_TYPES.join(', ')}`,
    );
  }
  return listRefreshTokens(domain, {
    ...(userId === undefined ? {} : { sub: userId }),
    ...(clientId === undefined ? {} : { clientId }),
  })
    .map(toDeviceCredential)
    .filter((credential) => type === undefined || credential.type === type);
}

/** Revokes one device credential (a refresh token family); false when there is none. */
export const deleteDeviceCredential = (domain: Domain, id: string): boolean =>
  domain.store.deleteRefreshToken(id);
