import { describe, expect, it } from 'vitest';
import { createServerClock, createTestClock, epochSeconds } from './clock.ts';

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

describe('createServerClock', () => {
  it('follows its base clock, shifted by an offset', () => {
    const base = createTestClock(100_000);
    const clock = createServerClock(base);
    clock.setOffset(-30_000);
    base.advance(5_000);
    expect(clock.now()).toBe(75_000);
    expect(clock.state()).toEqual({ now: 75_000, offsetMs: -30_000, frozen: false });
  });

  it('stands still while frozen, moves when advanced, and resets to the base', () => {
    const base = createTestClock(100_000);
    const clock = createServerClock(base);
    clock.freezeAt(50_000);
    base.advance(5_000);
    expect(clock.now()).toBe(50_000);
    clock.advance(1_000);
    expect(clock.state()).toEqual({ now: 51_000, offsetMs: 0, frozen: true });
    clock.reset();
    expect(clock.now()).toBe(105_000);
    clock.advance(60_000);
    expect(clock.now()).toBe(165_000);
  });
});
