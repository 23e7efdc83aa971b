/**
 * Simulated third-party cookie blocking, for browsers (or profiles) that allow third-party
 * cookies: `cross-site` ignores cookies on framed requests from another site, as Chromium's
 * default does; `all-framed` on every framed request, so even a same-site iframe has no session.
 */
export const COOKIE_BLOCKING_MODES = ['off', 'cross-site', 'all-framed'] as const;
export type CookieBlockingMode = (typeof COOKIE_BLOCKING_MODES)[number];

export interface FetchMetadata {
  /** Sec-Fetch-Dest */
  dest: string | undefined;
  /** Sec-Fetch-Site */
  site: string | undefined;
}

/** Fetch Metadata says whether the browser is loading us into a frame, and from which site. */
export function areCookiesBlocked(
  mode: CookieBlockingMode,
  { dest, site }: FetchMetadata,
): boolean {
  if (mode === 'off') return false;
  const framed = dest === 'iframe' || dest === 'frame';
  if (!framed) return false;
  return mode === 'all-framed' || site === 'cross-site';
}

export interface CookieBlockingSetting {
  mode(): CookieBlockingMode;
  set(mode: CookieBlockingMode): void;
}

export function createCookieBlockingSetting(): CookieBlockingSetting {
  let current: CookieBlockingMode = 'off';
  return {
    mode: () => current,
    set(mode) {
      current = mode;
    },
  };
}
