import { describe, expect, it } from 'vitest';
import { formatClockTime, formatSecondsLeft } from './formatTime.ts';

describe('formatTime', () => {
  it('shows wall-clock time to the millisecond', () => {
    expect(formatClockTime(new Date(2025, 0, 2, 3, 4, 5, 67).getTime())).toBe('03:04:05.067');
  });

  it.each([
    [0, 'expired'],
    [-3, 'expired'],
    [42, '42 s'],
    [185, '3 min 05 s'],
    [86_400, '24 h 00 min'],
  ])('shows %i seconds left as %s', (seconds, text) => {
    expect(formatSecondsLeft(seconds)).toBe(text);
  });
});
