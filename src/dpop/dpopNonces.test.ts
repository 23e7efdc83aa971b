import { describe, expect, it } from 'vitest';
import { DpopNonces } from './dpopNonces.ts';

describe('DpopNonces', () => {
  it('rotates on its clock, accepting the previous nonce for one more period', () => {
    let now = 0;
    const nonces = new DpopNonces(() => now, 60);
    const first = nonces.current();
    now = 59_000;
    expect(nonces.current()).toBe(first);
    now = 61_000;
    const second = nonces.current();
    expect(second).not.toBe(first);
    expect(nonces.isValid(first)).toBe(true);
    expect(nonces.isValid(second)).toBe(true);
    now = 122_000;
    expect(nonces.isValid(first)).toBe(false);
    expect(nonces.isValid('made-up')).toBe(false);
    expect(nonces.isValid(undefined)).toBe(false);
  });

  it('forgets both values when the clock jumps two periods or goes back', () => {
    let now = 0;
    const nonces = new DpopNonces(() => now, 60);
    const first = nonces.current();
    now = 500_000;
    expect(nonces.isValid(first)).toBe(false);
    const later = nonces.current();
    now = 0;
    expect(nonces.isValid(later)).toBe(false);
  });

  it('rotates at once when asked, the old value still valid', () => {
    const nonces = new DpopNonces(() => 0, 60);
    const first = nonces.current();
    const second = nonces.rotate();
    expect(second).not.toBe(first);
    expect(nonces.isValid(first)).toBe(true);
  });
});
