import { describe, expect, it } from 'vitest';
import { createTestClock, epochSeconds } from './clock.ts';

describe('createTestClock', () => {
  it('stands still until moved', () => {
    const clock = createTestClock(1_000);
    expect(clock.now()).toBe(1_000);
    clock.advance(1_500);
    expect(clock.now()).toBe(2_500);
    clock.set(10_000);
    expect(clock.now()).toBe(10_000);
  });

  it('gives whole epoch seconds for JWT claims', () => {
    expect(epochSeconds(createTestClock(1_999))).toBe(1);
  });
});
