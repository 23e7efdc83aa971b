import { GRANT_TYPES } from '../../../protocol/oauth.ts';
import type { ClientConfig } from '../../config.ts';
import type { DeviceCodeRecord } from '../../store/records.ts';
import type { Domain } from '../domain.ts';
import { invalidGrant, OAuthError } from '../oauthError.ts';
import { issueRefreshTokenIfAllowed } from '../refreshTokenPolicy.ts';
import { type RequestParameters, requiredParam } from '../requestParameters.ts';
import { runRules } from '../rules.ts';
import { issueTokenSet } from './issueTokenSet.ts';
import type { TokenResponse } from './tokenResponse.ts';

/** RFC 8628 §3.5: slow_down adds 5 seconds to the interval for every later poll. */
const SLOW_DOWN_STEP_SECONDS = 5;

/** A poll before the user answered: authorization_pending, or slow_down when it came too soon. */
function refusePendingPoll(domain: Domain, record: DeviceCodeRecord): never {
  const now = domain.clock.now();
  const tooSoon =
    record.lastPolledAt !== undefined && now - record.lastPolledAt < record.interval * 1000;
  if (tooSoon) {
    const interval = record.interval + SLOW_DOWN_STEP_SECONDS;
    domain.store.saveDeviceCode({ ...record, interval, lastPolledAt: now });
    throw new OAuthError(
      'slow_down',
      `Polling too fast; wait at least ${interval} seconds between requests`,
    );
  }
  domain.store.saveDeviceCode({ ...record, lastPolledAt: now });
  throw new OAuthError(
    'authorization_pending',
    'The user has not yet entered the code and approved the request',
  );
}

/** grant_type=urn:ietf:params:oauth:grant-type:device_code (RFC 8628 §3.4–3.5). */
export async function exchangeDeviceCode(
  domain: Domain,
  client: ClientConfig,
  params: RequestParameters,
  issuer: string,
  dpopJkt: string | undefined,
): Promise<TokenResponse> {
  const record = domain.store.findDeviceCode(requiredParam(params, 'device_code'));
  if (!record || record.clientId !== client.clientId) throw invalidGrant('Invalid device code');
  if (record.issuer !== issuer) throw invalidGrant('The device code was issued by another issuer');
  if (record.expiresAt <= domain.clock.now()) {
    throw new OAuthError('expired_token', 'The device code has expired; start again');
  }
  if (record.status === 'denied') {
    domain.store.deleteDeviceCode(record.deviceCode);
    throw new OAuthError('access_denied', 'The user denied the request');
  }
  if (record.status === 'pending') refusePendingPoll(domain, record);
  // Approved: single use, gone before any await.
  domain.store.deleteDeviceCode(record.deviceCode);
  const user = record.sub === undefined ? undefined : domain.registry.userById(record.sub);
  if (!user) throw invalidGrant('The user who approved this device no longer exists');
  const api = record.audience === undefined ? undefined : domain.registry.api(record.audience);
  const claims = await runRules(domain, {
    protocol: 'oauth2-device-code',
    client,
    user,
    scope: record.scope,
    audience: record.audience,
  });
  const authTime = record.authTime ?? domain.clock.now();
  const decision = issueRefreshTokenIfAllowed(domain, {
    client,
    api,
    scope: record.scope,
    flow: GRANT_TYPES.deviceCode,
    sub: user.userId,
    device: record.device,
    issuer,
    audience: record.audience,
    sid: record.sid,
    authTime,
    dpopJkt,
  });
  return issueTokenSet(domain, {
    issuer,
    client,
    user,
    scope: decision.scope,
    api,
    sid: record.sid,
    authTime,
    dpopJkt,
    claims,
    ...(decision.refreshToken === undefined ? {} : { refreshToken: decision.refreshToken }),
  });
}
