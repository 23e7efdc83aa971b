import { describe, expect, it } from 'vitest';
import { RENEWAL_BACKOFF, retryDelayMs } from './renewalBackoff.ts';

const policy = { baseMs: 1_000, maxMs: 8_000, maxAttempts: 6, maxRetryAfterMs: 60_000 };

describe('retryDelayMs', () => {
  it('doubles the step with each attempt, up to the cap', () => {
    const steps = [1, 2, 3, 4, 5, 6].map((attempt) => retryDelayMs(attempt, policy, () => 1));
    expect(steps).toEqual([1_000, 2_000, 4_000, 8_000, 8_000, 8_000]);
  });

  it('never retries sooner than half the step (equal jitter)', () => {
    const floors = [1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, policy, () => 0));
    expect(floors).toEqual([500, 1_000, 2_000, 4_000]);
  });

  it('spreads retries between half the step and the step', () => {
    const delays = [0.1, 0.25, 0.5, 0.9].map((r) => retryDelayMs(3, policy, () => r));
    expect(delays).toEqual([2_200, 2_500, 3_000, 3_800]);
  });

  it('gives up after the last attempt', () => {
    expect(retryDelayMs(6, policy, () => 0.5)).not.toBeNull();
    expect(retryDelayMs(7, policy, () => 0.5)).toBeNull();
  });

  it("waits at least the server's Retry-After, jittered above it", () => {
    expect(retryDelayMs(1, policy, () => 0, 3_000)).toBe(3_000);
    expect(retryDelayMs(1, policy, () => 0.5, 3_000)).toBe(3_250);
    expect(retryDelayMs(1, policy, () => 0.999, 3_000)).toBeLessThanOrEqual(3_500);
    // A shorter Retry-After than the backoff's own floor changes nothing.
    expect(retryDelayMs(4, policy, () => 0, 1_000)).toBe(4_000);
  });

  it('caps the Retry-After it honours, and still gives up after the last attempt', () => {
    expect(retryDelayMs(1, policy, () => 0, 3_600_000)).toBe(60_000);
    expect(retryDelayMs(7, policy, () => 0, 3_000)).toBeNull();
  });

  it('refuses attempts that are not positive whole numbers', () => {
    for (const attempt of [0, -1, 1.5, Number.NaN]) {
      expect(retryDelayMs(attempt, policy, () => 0.5)).toBeNull();
    }
  });

  it('the renewal policy stays bounded: under two minutes of retries in all', () => {
    const worst = Array.from({ length: RENEWAL_BACKOFF.maxAttempts }, (_, i) =>
      retryDelayMs(i + 1, RENEWAL_BACKOFF, () => 1),
    ).reduce<number>((sum, delay) => sum + (delay ?? 0), 0);
    expect(worst).toBeLessThanOrEqual(120_000);
    expect(retryDelayMs(1, RENEWAL_BACKOFF, Math.random)).toBeGreaterThanOrEqual(500);
  });
});
