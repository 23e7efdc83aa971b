import { describe, expect, it } from 'vitest';
import { DpopReplayCache } from './dpopReplayCache.ts';

describe('DpopReplayCache', () => {
  it('refuses a key seen before, and forgets it once it could not be accepted anyway', () => {
    const cache = new DpopReplayCache(10);
    expect(cache.remember('k:1', 100, 5_000, 1_000)).toBe(true);
    expect(cache.remember('k:1', 100, 5_000, 2_000)).toBe(false);
    expect(cache.remember('k:2', 100, 5_000, 6_000)).toBe(true);
    expect(cache.size).toBe(1);
  });

  it('stays within its bound, and then refuses proofs as old as the ones it forgot', () => {
    const cache = new DpopReplayCache(3);
    for (let i = 1; i <= 5; i++) expect(cache.remember(`k:${i}`, i, 1e12, 0)).toBe(true);
    expect(cache.size).toBe(3);
    // k:1 and k:2 were evicted: a replay of either is still refused, by its iat.
    expect(cache.remember('k:1', 1, 1e12, 0)).toBe(false);
    expect(cache.remember('k:2', 2, 1e12, 0)).toBe(false);
    expect(cache.remember('k:9', 3, 1e12, 0)).toBe(true);
    expect(cache.size).toBe(3);
  });
});
