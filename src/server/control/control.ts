import type { RateLimits } from '../config.ts';
import type { Domain } from '../domain/domain.ts';
import type { LifetimeOverrides } from '../domain/lifetimes.ts';
import { OAuthError } from '../domain/oauthError.ts';
import type { RateLimitOverrides } from '../domain/rateLimits.ts';
import { listRefreshTokens, revokeRefreshTokens } from '../domain/refreshTokens.ts';
import { startSession } from '../domain/sessions.ts';
import type { SessionRecord } from '../store/records.ts';
import type { ControlledDomain } from './controlPlane.ts';

/**
 * Back to the configured state: no sessions, codes, grants, refresh tokens, device codes,
 * revocations or rate-limit counts; configured lifetimes, limits, clients and users; the real
 * clock; no faults (held requests go on), no cookie blocking; empty request log and timeline.
 */
export function resetState(domain: ControlledDomain): void {
  domain.store.clear();
  domain.lifetimes.reset();
  domain.rateLimits.reset();
  domain.dpop.reset();
  domain.registry.reset();
  domain.clockControl.reset();
  domain.faults.clear();
  domain.cookieBlocking.set('off');
  domain.events.clear();
  domain.requestLog.clear();
}

export const setLifetimes = (domain: Domain, overrides: LifetimeOverrides) =>
  domain.lifetimes.override(overrides);

export const setRateLimits = (domain: Domain, overrides: RateLimitOverrides): RateLimits =>
  domain.rateLimits.override(overrides);

/** Ends one user's sessions (by `sub`), or everyone's; returns how many ended. */
export function endSessions(domain: Domain, sub?: string): number {
  const count = domain.store.deleteSessions(sub);
  if (count === 0) return 0;
  domain.events.record({
    type: 'session_ended',
    ...(sub === undefined ? {} : { userId: sub }),
    count,
    via: 'control',
  });
  return count;
}

/** A server session for a user, as if they had just signed in; the cookie is for the browser. */
export function createSessionFor(
  domain: Domain,
  who: { userId?: string; email?: string },
): { session: SessionRecord; maxAgeSeconds: number } {
  const user =
    who.userId !== undefined
      ? domain.registry.userById(who.userId)
      : who.email !== undefined
        ? domain.registry.userByEmail(who.email)
        : undefined;
  if (!user) {
    throw new OAuthError(
      'invalid_request',
      `No user ${who.userId ?? who.email ?? '(none given)'}`,
      {
        status: 404,
      },
    );
  }
  return {
    session: startSession(domain, user.userId, 'control'),
    maxAgeSeconds: domain.lifetimes.current().sessionSeconds,
  };
}

/** Forgets consents (Auth0 "grants") matching every field given (all when none); returns how many. */
export function revokeGrants(
  domain: Domain,
  filter: { userId?: string; clientId?: string },
): number {
  const count = domain.store.deleteGrants({
    ...(filter.userId === undefined ? {} : { sub: filter.userId }),
    ...(filter.clientId === undefined ? {} : { clientId: filter.clientId }),
  });
  if (count > 0) domain.events.record({ type: 'revoked', what: 'grant', count, ...filter });
  return count;
}

export type ClockChange =
  | { offsetSeconds: number }
  | { frozenAt: number }
  | { advanceSeconds: number }
  | { reset: true };

export interface ClockSummary {
  now: string;
  offsetSeconds: number;
  frozen: boolean;
}

export function summarizeClock(domain: Domain): ClockSummary {
  const { now, offsetMs, frozen } = domain.clockControl.state();
  return { now: iso(now), offsetSeconds: offsetMs / 1000, frozen };
}

/** Moves the server's clock: an offset from real time, frozen at an instant, or forward. */
export function changeClock(domain: Domain, change: ClockChange): ClockSummary {
  const clock = domain.clockControl;
  if ('offsetSeconds' in change) clock.setOffset(change.offsetSeconds * 1000);
  else if ('frozenAt' in change) clock.freezeAt(change.frozenAt);
  else if ('advanceSeconds' in change) clock.advance(change.advanceSeconds * 1000);
  else clock.reset();
  return summarizeClock(domain);
}

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
