import { describe, expect, it } from 'vitest';
import {
  formatClockTime,
  formatDateTime,
  formatSecondsLeft,
  formatTimeOfDay,
} from './formatTime.ts';

describe('formatTime', () => {
  it('shows wall-clock time to the millisecond', () => {
    expect(formatClockTime(new Date(2025, 0, 2, 3, 4, 5, 67).getTime())).toBe('03:04:05.067');
  });

  it('shows the time of day to the second, and the date with it where a day may change', () => {
    const at = new Date(2026, 11, 7, 14, 3, 7, 412).getTime();
    expect(formatTimeOfDay(at)).toBe('14:03:07');
    expect(formatDateTime(at)).toBe('2026-12-07 14:03:07');
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
