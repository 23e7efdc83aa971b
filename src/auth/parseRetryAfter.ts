/**
 * A `Retry-After` header in seconds from `now`: delay-seconds or an HTTP date (RFC 9110
 * §10.2.3); undefined when absent or unreadable. A date in the past means no wait.
 */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  // Every HTTP date format starts with the day's name; Date.parse alone takes "1.5" for a date.
  const seconds = /^\d+$/.test(text)
    ? Number(text)
    : /^[a-z]{3}/i.test(text)
      ? Math.ceil((Date.parse(text) - now) / 1000)
      : Number.NaN;
  return Number.isFinite(seconds) ? Math.max(0, seconds) : undefined;
}
