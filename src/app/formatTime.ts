/*
 * Every time the app shows, in one style: 24-hour local time, ISO-like dates. Events carry
 * milliseconds (renewals take tens of ms); token lifetimes and claims, which are whole seconds and
 * may fall on another day, carry the date.
 */

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** Local time of day to the second, e.g. 14:03:07 (chart axes). */
export function formatTimeOfDay(epochMs: number): string {
  const date = new Date(epochMs);
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** Local wall-clock time with milliseconds, e.g. 14:03:07.412 (renewals take tens of ms). */
export function formatClockTime(epochMs: number): string {
  return `${formatTimeOfDay(epochMs)}.${pad(new Date(epochMs).getMilliseconds(), 3)}`;
}

/** Local date and time to the second, e.g. 2026-12-07 14:03:07 (expiries, token claims). */
export function formatDateTime(epochMs: number): string {
  const date = new Date(epochMs);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${formatTimeOfDay(epochMs)}`;
}

/** "42 s", "3 min 05 s", "expired". */
export function formatSecondsLeft(seconds: number): string {
  if (seconds <= 0) return 'expired';
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${pad(seconds % 60)} s`;
  return `${Math.floor(minutes / 60)} h ${pad(minutes % 60)} min`;
}
