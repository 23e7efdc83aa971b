/** How renewal and silent sign-in retry after a transient failure: exponential, jittered, bounded. */
export interface BackoffPolicy {
  /** The first retry's delay before jitter. */
  baseMs: number;
  /** No delay grows past this. */
  maxMs: number;
  /** Retries after this many consecutive transient failures stop until the tab wakes or the user acts. */
  maxAttempts: number;
  /** A server's `Retry-After` is honoured up to this: a wrong one cannot park retries for hours. */
  maxRetryAfterMs: number;
}

export const RENEWAL_BACKOFF: BackoffPolicy = {
  baseMs: 1_000,
  maxMs: 30_000,
  maxAttempts: 7,
  maxRetryAfterMs: 120_000,
};

/**
 * The delay before retry number `attempt` (1 for the first), or null when there is none left.
 * "Equal jitter": half of the exponential delay is fixed, half random, so tabs (and browsers)
 * that failed together do not retry together, and no retry comes sooner than half its step —
 * a server that is struggling gets room to recover. The fixed half grows to `notBeforeMs` (the
 * server's `Retry-After`, capped) when that is longer: the jitter still spreads retries above it.
 */
export function retryDelayMs(
  attempt: number,
  policy: BackoffPolicy = RENEWAL_BACKOFF,
  random: () => number = Math.random,
  notBeforeMs = 0,
): number | null {
  if (!Number.isInteger(attempt) || attempt < 1 || attempt > policy.maxAttempts) return null;
  const half = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1)) / 2;
  return Math.round(
    Math.max(half, Math.min(notBeforeMs, policy.maxRetryAfterMs)) + random() * half,
  );
}
