import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { CookieOptions } from 'hono/utils/cookie';

export const SESSION_COOKIE = 'sal_session';
/**
 * The same session for a cross-site frame the browser gave storage access: only a
 * `SameSite=None; Secure` cookie ever reaches one. Read by GET /authorize alone, so every other
 * route (login, consent, logout, the dashboard, form posts) keeps SameSite=Lax's protection: a
 * cross-site form post or subresource never carries a session they accept.
 */
export const CROSS_SITE_SESSION_COOKIE = 'sal_session_xs';
const INTERACTION_COOKIE_PREFIX = 'sal_ix_';

/** One cookie per transaction, so two tabs signing in at once do not overwrite each other. */
export const interactionCookieName = (interactionId: string) =>
  `${INTERACTION_COOKIE_PREFIX}${interactionId}`;

const isHttps = (c: Context) => new URL(c.req.url).protocol === 'https:';

/** httpOnly and SameSite=Lax always; Secure whenever the request came over https. */
const options = (c: Context, maxAgeSeconds?: number): CookieOptions => ({
  path: '/',
  httpOnly: true,
  sameSite: 'Lax',
  secure: isHttps(c),
  ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds }),
});

/**
 * Browsers store a Secure cookie set over plain http only for loopback hosts (Chromium: localhost,
 * *.localhost, 127.0.0.0/8, [::1]), which count as secure contexts.
 */
export function canSetSecureCookie(requestUrl: string): boolean {
  const { protocol, hostname } = new URL(requestUrl);
  if (protocol === 'https:') return true;
  return (
    hostname === 'localhost' ||
    hostname.endsWith('.localhost') ||
    /^127(\.\d{1,3}){3}$/.test(hostname) ||
    hostname === '[::1]'
  );
}

const crossSiteOptions = (maxAgeSeconds?: number): CookieOptions => ({
  path: '/',
  httpOnly: true,
  sameSite: 'None',
  secure: true,
  ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds }),
});

/** The SameSite=Lax session cookie: what every route but GET /authorize reads. */
export const readSessionCookie = (c: Context) => getCookie(c, SESSION_COOKIE);

/**
 * For GET /authorize and FedCM's own requests: the Lax cookie (top level, same-site frames), else
 * the cross-site one (a cross-site frame with storage access; FedCM's accounts and assertion
 * requests, which carry only SameSite=None cookies, even with third-party cookies blocked).
 * Either names the same session.
 */
export const readFramedSessionCookie = (c: Context) =>
  getCookie(c, SESSION_COOKIE) ?? getCookie(c, CROSS_SITE_SESSION_COOKIE);

/**
 * FedCM's Login Status API: the browser asks for accounts only while it believes someone is
 * signed in here, so every start and end of a session says so (`Set-Login`).
 */
export const setLoginStatus = (c: Context, status: 'logged-in' | 'logged-out') =>
  c.header('Set-Login', status);

export function setSessionCookie(c: Context, value: string, maxAgeSeconds: number): void {
  setCookie(c, SESSION_COOKIE, value, options(c, maxAgeSeconds));
  // Over plain http on another host the browser would drop a Secure cookie: nothing to set.
  if (canSetSecureCookie(c.req.url)) {
    setCookie(c, CROSS_SITE_SESSION_COOKIE, value, crossSiteOptions(maxAgeSeconds));
  }
  setLoginStatus(c, 'logged-in');
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, options(c));
  if (canSetSecureCookie(c.req.url)) deleteCookie(c, CROSS_SITE_SESSION_COOKIE, crossSiteOptions());
  setLoginStatus(c, 'logged-out');
}

export const readInteractionCookie = (c: Context, interactionId: string | undefined) =>
  interactionId && /^[A-Za-z0-9_-]+$/.test(interactionId)
    ? getCookie(c, interactionCookieName(interactionId))
    : undefined;

export const setInteractionCookie = (
  c: Context,
  interactionId: string,
  value: string,
  maxAgeSeconds: number,
) => setCookie(c, interactionCookieName(interactionId), value, options(c, maxAgeSeconds));

export const clearInteractionCookie = (c: Context, interactionId: string) =>
  deleteCookie(c, interactionCookieName(interactionId), options(c));

const LOGIN_CSRF_COOKIE = 'sal_login_csrf';

/**
 * Double-submit token for the account login form (no session yet to bind a token to). It stays
 * SameSite=Lax: the form is only ever shown at the top level, where Lax cookies go along, and a
 * cross-site post must not carry it.
 */
export const readLoginCsrfCookie = (c: Context) => getCookie(c, LOGIN_CSRF_COOKIE);

export const setLoginCsrfCookie = (c: Context, value: string, maxAgeSeconds: number) =>
  setCookie(c, LOGIN_CSRF_COOKIE, value, options(c, maxAgeSeconds));

export const clearLoginCsrfCookie = (c: Context) => deleteCookie(c, LOGIN_CSRF_COOKIE, options(c));
