import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './parseRetryAfter.ts';

const now = Date.UTC(2030, 0, 1, 12, 0, 0);

describe('parseRetryAfter', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('3', now)).toBe(3);
    expect(parseRetryAfter(' 120 ', now)).toBe(120);
    expect(parseRetryAfter('0', now)).toBe(0);
  });

  it('reads an HTTP date as the seconds left until it, rounded up', () => {
    expect(parseRetryAfter('Tue, 01 Jan 2030 12:00:45 GMT', now)).toBe(45);
    expect(parseRetryAfter('Tue, 01 Jan 2030 12:00:45 GMT', now + 500)).toBe(45);
  });

  it('a date already past means no wait', () => {
    expect(parseRetryAfter('Tue, 01 Jan 2030 11:59:00 GMT', now)).toBe(0);
  });

  it('ignores an absent, empty or unreadable header', () => {
    for (const value of [null, '', '  ', 'soon', '1.5', '-5s']) {
      expect(parseRetryAfter(value, now)).toBeUndefined();
    }
  });
});
