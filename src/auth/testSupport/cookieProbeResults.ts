/** The cookie probe's findings for unit tests (never imported by the app). */
import type { CookieProbeResult } from '../cookieProbe.ts';

/** Blocked third-party cookies, in a browser that can ask for storage access. */
export const COOKIES_BLOCKED: CookieProbeResult = { cookies: false, storageAccess: 'grantable' };
/** The cookie came back without storage access (same site). */
export const COOKIES_SENT: CookieProbeResult = { cookies: true, storageAccess: 'not_needed' };
