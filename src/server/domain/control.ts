import type { RateLimits } from '../config.ts';
import type { Domain } from './domain.ts';
import type { LifetimeOverrides } from './lifetimes.ts';
import type { RateLimitOverrides } from './rateLimits.ts';
import { listRefreshTokens, revokeRefreshTokens } from './refreshTokens.ts';

/**
 * Back to the seeded state: no sessions, codes, grants, refresh tokens, device codes,
 * revocations or rate-limit counts; configured lifetimes and limits.
 */
export function resetState(domain: Domain): void {
  domain.store.clear();
  domain.lifetimes.reset();
  domain.rateLimits.reset();
}

export const setLifetimes = (domain: Domain, overrides: LifetimeOverrides) =>
  domain.lifetimes.override(overrides);

export const setRateLimits = (domain: Domain, overrides: RateLimitOverrides): RateLimits =>
  domain.rateLimits.override(overrides);

/** Ends one user's sessions (by `sub`), or everyone's; returns how many ended. */
export const endSessions = (domain: Domain, sub?: string): number =>
  domain.store.deleteSessions(sub);

/** A refresh token family as the control API shows it: never the token itself. */
export interface RefreshTokenSummary {
  id: string;
  clientId: string;
  userId: string;
  device: string;
  scope: string;
  audience: string | null;
  rotating: boolean;
  createdAt: string;
  lastUsedAt: string;
  expiresAt: string | null;
}

const iso = (epochMs: number) => new Date(epochMs).toISOString();

export const summarizeRefreshTokens = (
  domain: Domain,
  filter: { userId?: string; clientId?: string },
): RefreshTokenSummary[] =>
  listRefreshTokens(domain, {
    ...(filter.userId === undefined ? {} : { sub: filter.userId }),
    ...(filter.clientId === undefined ? {} : { clientId: filter.clientId }),
  }).map((record) => ({
    id: record.id,
    clientId: record.clientId,
    userId: record.sub,
    device: record.device,
    scope: record.scope.join(' '),
    audience: record.audience ?? null,
    rotating: record.rotating,
    createdAt: iso(record.createdAt),
    lastUsedAt: iso(record.lastUsedAt),
    expiresAt: record.expiresAt === undefined ? null : iso(record.expiresAt),
  }));

export interface RefreshTokenSelector {
  id?: string;
  userId?: string;
  clientId?: string;
  device?: string;
}

/** Revokes the families matching every field given (all when none); returns how many. */
export const revokeRefreshTokensMatching = (
  domain: Domain,
  { id, userId, clientId, device }: RefreshTokenSelector,
): number =>
  revokeRefreshTokens(domain, {
    ...(id === undefined ? {} : { id }),
    ...(userId === undefined ? {} : { sub: userId }),
    ...(clientId === undefined ? {} : { clientId }),
    ...(device === undefined ? {} : { device }),
  });
