import { createHash } from 'node:crypto';
import { type ClientConfig, isPublicClientType } from '../config.ts';
import type { RefreshTokenRecord } from '../store/records.ts';
import type { RefreshTokenFilter } from '../store/store.ts';
import type { Domain } from './domain.ts';
import { invalidGrant } from './oauthError.ts';
import { randomToken } from './randomToken.ts';

/** The device name when the sign-in named none (Auth0's `device` parameter is optional). */
export const DEFAULT_DEVICE = 'Unnamed device';

/** Only hashes are stored: a store dump or the device credentials list never leaks a token. */
export const hashRefreshToken = (token: string): string =>
  createHash('sha256').update(token).digest('base64url');

/** When a family expires: never, unless the client set an idle and/or an absolute lifetime. */
function expiryOf(
  client: ClientConfig | undefined,
  record: Pick<RefreshTokenRecord, 'createdAt' | 'lastUsedAt'>,
): number | undefined {
  const settings = client?.refreshTokens;
  const candidates = [
    settings?.absoluteSeconds === undefined
      ? undefined
      : record.createdAt + settings.absoluteSeconds * 1000,
    settings?.idleSeconds === undefined
      ? undefined
      : record.lastUsedAt + settings.idleSeconds * 1000,
  ].filter((value): value is number => value !== undefined);
  return candidates.length === 0 ? undefined : Math.min(...candidates);
}

export interface RefreshTokenBinding {
  client: ClientConfig;
  sub: string;
  device: string | undefined;
  issuer: string;
  scope: readonly string[];
  audience: string | undefined;
  sid: string | undefined;
  /** Epoch ms of the sign-in. */
  authTime: number;
  /** The verified DPoP key of the issuing request, if any. */
  dpopJkt?: string | undefined;
}

/**
 * RFC 9449 §5.8 / RFC 9700 §4.14.2: a public client's refresh token is bound to the DPoP key
 * it was issued with. A confidential client authenticates each exchange, so its tokens stay
 * unbound (as Auth0 and RFC 9449 §5.8 allow).
 */
export const refreshTokenKeyBinding = (
  client: Pick<ClientConfig, 'type'>,
  dpopJkt: string | undefined,
): string | undefined =>
  dpopJkt !== undefined && isPublicClientType(client.type) ? dpopJkt : undefined;

/** A new family (device credential) for (client, user, device); returns the token and its id. */
export function createRefreshToken(
  domain: Domain,
  binding: RefreshTokenBinding,
): { token: string; id: string } {
  const token = randomToken();
  const now = domain.clock.now();
  const times = { createdAt: now, lastUsedAt: now };
  const expiresAt = expiryOf(binding.client, times);
  const record: RefreshTokenRecord = {
    id: `dcr_${randomToken(12)}`,
    tokenHash: hashRefreshToken(token),
    retiredHashes: [],
    clientId: binding.client.clientId,
    sub: binding.sub,
    device: binding.device?.trim() || DEFAULT_DEVICE,
    issuer: binding.issuer,
    scope: [...binding.scope],
    ...(binding.audience === undefined ? {} : { audience: binding.audience }),
    ...(binding.sid === undefined ? {} : { sid: binding.sid }),
    authTime: binding.authTime,
    ...times,
    rotating: binding.client.refreshTokens.rotation,
    ...(expiresAt === undefined ? {} : { expiresAt }),
  };
  const dpopJkt = refreshTokenKeyBinding(binding.client, binding.dpopJkt);
  if (dpopJkt !== undefined) record.dpopJkt = dpopJkt;
  domain.store.saveRefreshToken(record);
  return { token, id: record.id };
}

/**
 * The live family behind a presented refresh token, or invalid_grant. A token rotated out of its
 * family and presented again means it leaked (or the client raced itself): the whole family is
 * revoked (RFC 9700 §4.14.2), so neither the thief nor the client can go on with it.
 */
export function findUsableRefreshToken(
  domain: Domain,
  token: string,
  client: ClientConfig,
): RefreshTokenRecord {
  const hash = hashRefreshToken(token);
  const record = domain.store.findRefreshTokenByHash(hash);
  if (!record) throw invalidGrant('Unknown, expired or revoked refresh token');
  if (record.clientId !== client.clientId) {
    throw invalidGrant('The refresh token was issued to another client');
  }
  if (record.tokenHash !== hash) {
    domain.store.deleteRefreshToken(record.id);
    throw invalidGrant(
      'The refresh token was already used (rotation); every refresh token of this grant is now revoked',
    );
  }
  if (record.expiresAt !== undefined && record.expiresAt <= domain.clock.now()) {
    domain.store.deleteRefreshToken(record.id);
    throw invalidGrant('The refresh token has expired');
  }
  if (!domain.registry.userById(record.sub)) {
    throw invalidGrant('The user of this refresh token no longer exists');
  }
  return record;
}

/**
 * Marks a use (idle lifetime starts again). With rotation (and `rotate`: the legacy delegation
 * endpoint cannot hand a new token back), the presented token is retired and a new one
 * returned; without, the same token goes on working.
 */
export function recordRefreshTokenUse(
  domain: Domain,
  record: RefreshTokenRecord,
  { rotate }: { rotate: boolean },
): { newToken?: string } {
  const now = domain.clock.now();
  const client = domain.registry.client(record.clientId);
  const used = { ...record, lastUsedAt: now };
  const expiresAt = expiryOf(client, used);
  const next: RefreshTokenRecord = { ...used };
  delete next.expiresAt;
  if (expiresAt !== undefined) next.expiresAt = expiresAt;
  if (!record.rotating || !rotate) {
    domain.store.saveRefreshToken(next);
    return {};
  }
  const newToken = randomToken();
  domain.store.saveRefreshToken({
    ...next,
    tokenHash: hashRefreshToken(newToken),
    retiredHashes: [...record.retiredHashes, record.tokenHash],
  });
  return { newToken };
}

export interface RevokeFilter extends RefreshTokenFilter {
  id?: string;
  device?: string;
}

/** Revokes every family matching all given fields (all families when none); returns how many. */
export function revokeRefreshTokens(domain: Domain, filter: RevokeFilter = {}): number {
  const matching = domain.store
    .listRefreshTokens({
      ...(filter.sub === undefined ? {} : { sub: filter.sub }),
      ...(filter.clientId === undefined ? {} : { clientId: filter.clientId }),
    })
    .filter(
      (record) =>
        (filter.id === undefined || record.id === filter.id) &&
        (filter.device === undefined || record.device === filter.device),
    );
  for (const record of matching) domain.store.deleteRefreshToken(record.id);
  if (matching.length > 0) {
    domain.events.record({
      type: 'revoked',
      what: 'refresh_token',
      count: matching.length,
      ...(filter.clientId === undefined ? {} : { clientId: filter.clientId }),
      ...(filter.sub === undefined ? {} : { userId: filter.sub }),
    });
  }
  return matching.length;
}

/** Live families, expired ones left out (and dropped). */
export function listRefreshTokens(
  domain: Domain,
  filter: RefreshTokenFilter = {},
): RefreshTokenRecord[] {
  const now = domain.clock.now();
  return domain.store.listRefreshTokens(filter).filter((record) => {
    if (record.expiresAt === undefined || record.expiresAt > now) return true;
    domain.store.deleteRefreshToken(record.id);
    return false;
  });
}
