import { createHash } from 'node:crypto';
import type { RateLimit, RateLimits } from '../config.ts';
import type { Store } from '../store/store.ts';
import type { Clock } from './clock.ts';
import { OAuthError } from './oauthError.ts';

export type RateLimitOverrides = Partial<RateLimits>;

/** Configured limits plus the overrides the control API sets (and reset clears). */
export interface RateLimitSettings {
  current(): RateLimits;
  override(overrides: RateLimitOverrides): RateLimits;
  reset(): void;
}

export function createRateLimitSettings(configured: RateLimits): RateLimitSettings {
  let overrides: RateLimitOverrides = {};
  return {
    current: () => ({ ...configured, ...overrides }),
    override(next) {
      overrides = { ...overrides, ...next };
      return { ...configured, ...overrides };
    },
    reset() {
      overrides = {};
    },
  };
}

/** The part of the domain a limit is counted with: its clock and its hit counters. */
export interface RateLimitCounter {
  clock: Clock;
  store: Pick<Store, 'countHit'>;
}

/**
 * Counts one request against `limit` in fixed windows of the server clock; past the limit the
 * request is refused (see {@link rateLimitExceeded}).
 */
export function enforceRateLimit(
  domain: RateLimitCounter,
  key: string,
  limit: RateLimit | null,
  what: string,
): void {
  if (!limit) return;
  const now = domain.clock.now();
  const windowEndsAt = windowEndOf(limit, now);
  const count = domain.store.countHit(`${key}@${windowEndsAt}`, windowEndsAt);
  if (count <= limit.limit) return;
  throw rateLimitExceeded(limit, windowEndsAt, now, what);
}

/** When the fixed window of `limit` that holds `now` ends (epoch ms). */
export function windowEndOf(limit: RateLimit, now: number): number {
  const windowMs = limit.windowSeconds * 1000;
  return (Math.floor(now / windowMs) + 1) * windowMs;
}

/**
 * The answer to a request past `limit`, whose window ends at `windowEndsAt` (epoch ms): 429,
 * `Retry-After` (seconds to the window's end) and Auth0's `X-RateLimit-*` headers.
 */
export function rateLimitExceeded(
  limit: RateLimit,
  windowEndsAt: number,
  now: number,
  what: string,
): OAuthError {
  const retryAfter = Math.max(1, Math.ceil((windowEndsAt - now) / 1000));
  return new OAuthError(
    'too_many_requests',
    `Too many requests ${what}: at most ${limit.limit} in ${limit.windowSeconds} s; retry in ${retryAfter} s`,
    {
      status: 429,
      headers: {
        'Retry-After': String(retryAfter),
        'X-RateLimit-Limit': String(limit.limit),
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Reset': String(Math.ceil(windowEndsAt / 1000)),
      },
    },
  );
}

const digest = (value: string) => createHash('sha256').update(value).digest('base64url');

export interface TokenRequestOrigin {
  clientId: string;
  /** The refresh token presented, if any. */
  refreshToken: string | undefined;
  ip: string;
}

/** The token endpoint's limits: per client, and per refresh token from one IP (Auth0's documents). */
export function enforceTokenRateLimits(
  domain: RateLimitCounter & { rateLimits: RateLimitSettings },
  { clientId, refreshToken, ip }: TokenRequestOrigin,
): void {
  const limits = domain.rateLimits.current();
  enforceRateLimit(domain, `client:${clientId}`, limits.client, `for client ${clientId}`);
  if (refreshToken !== undefined && limits.refreshToken) {
    enforceRateLimit(
      domain,
      `refresh:${digest(refreshToken)}:${ip}`,
      limits.refreshToken,
      'with this refresh token from this IP address',
    );
  }
}
