import { randomInt } from 'node:crypto';
import { GRANT_TYPES } from '../../protocol/oauth.ts';
import type { ClientConfig } from '../config.ts';
import type { DeviceCodeRecord, SessionRecord } from '../store/records.ts';
import { checkAudience } from './authorization/checkAudience.ts';
import { checkScope } from './authorization/checkScope.ts';
import type { Domain } from './domain.ts';
import { endpointsFor } from './issuer.ts';
import { randomToken } from './randomToken.ts';
import { param, type RequestParameters } from './requestParameters.ts';
import { authenticateClient } from './token/authenticateClient.ts';
import { checkGrantEnabled } from './token/checkClientGrant.ts';

// RFC 8628 §6.1: consonants only (no vowels, so no words), easy to read and type.
const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';
const USER_CODE_LENGTH = 8;
const EXPIRED_DEVICE_CODE_RETENTION_MS = 5 * 60_000;

/** RFC 8628 §3.2 response. */
export interface DeviceAuthorizationResponse {
  device_code: string;
  user_code: string;
  verification_uri: string;
  verification_uri_complete: string;
  expires_in: number;
  interval: number;
}

/** `BCDF-GHJK` for display; stored without the dash. */
export const formatUserCode = (code: string): string => `${code.slice(0, 4)}-${code.slice(4)}`;

/** What a person typed: case, spaces and dashes do not matter (RFC 8628 §6.1). */
export const normalizeUserCode = (typed: string): string =>
  typed.toUpperCase().replace(/[^A-Z]/g, '');

function newUserCode(domain: Domain): string {
  for (;;) {
    let code = '';
    for (let i = 0; i < USER_CODE_LENGTH; i += 1) {
      code += USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)];
    }
    if (!domain.store.findDeviceCodeByUserCode(code)) return code;
  }
}

export interface DeviceAuthorizationInput {
  params: RequestParameters;
  authorization: string | undefined;
  issuer: string;
}

/** POST /oauth/device/code (RFC 8628 §3.1): a device code to poll with and a user code to type. */
export function startDeviceAuthorization(
  domain: Domain,
  { params, authorization, issuer }: DeviceAuthorizationInput,
): DeviceAuthorizationResponse {
  const client = authenticateClient(domain.registry, params, authorization);
  checkGrantEnabled(client, GRANT_TYPES.deviceCode);
  const api = checkAudience(domain.registry, params);
  const scope = checkScope(params, api);
  const now = domain.clock.now();
  const { deviceCodeSeconds, devicePollIntervalSeconds } = domain.lifetimes.current();
  const expiresAt = now + deviceCodeSeconds * 1000;
  const device = param(params, 'device');
  const record: DeviceCodeRecord = {
    deviceCode: randomToken(),
    userCode: newUserCode(domain),
    issuer,
    clientId: client.clientId,
    scope,
    ...(api ? { audience: api.identifier } : {}),
    ...(device === undefined ? {} : { device }),
    createdAt: now,
    expiresAt,
    retainUntil: expiresAt + EXPIRED_DEVICE_CODE_RETENTION_MS,
    interval: devicePollIntervalSeconds,
    status: 'pending',
  };
  domain.store.saveDeviceCode(record);
  const userCode = formatUserCode(record.userCode);
  const verificationUri = endpointsFor(issuer).activate;
  return {
    device_code: record.deviceCode,
    user_code: userCode,
    verification_uri: verificationUri,
    verification_uri_complete: `${verificationUri}?user_code=${encodeURIComponent(userCode)}`,
    expires_in: deviceCodeSeconds,
    interval: devicePollIntervalSeconds,
  };
}

export interface PendingDeviceAuthorization {
  record: DeviceCodeRecord;
  client: ClientConfig;
}

/** The pending, unexpired request behind a typed user code, for the verification page. */
export function findPendingDeviceAuthorization(
  domain: Domain,
  typedCode: string,
): PendingDeviceAuthorization | undefined {
  const record = domain.store.findDeviceCodeByUserCode(normalizeUserCode(typedCode));
  if (record?.status !== 'pending' || record.expiresAt <= domain.clock.now()) {
    return undefined;
  }
  const client = domain.registry.client(record.clientId);
  return client ? { record, client } : undefined;
}

/** The signed-in user's answer on the verification page; the device learns it at its next poll. */
export function answerDeviceAuthorization(
  domain: Domain,
  record: DeviceCodeRecord,
  session: SessionRecord,
  approved: boolean,
): void {
  domain.store.saveDeviceCode(
    approved
      ? {
          ...record,
          status: 'approved',
          sub: session.sub,
          sid: session.id,
          authTime: session.authTime,
        }
      : { ...record, status: 'denied' },
  );
}
