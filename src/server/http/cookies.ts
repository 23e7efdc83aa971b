import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { CookieOptions } from 'hono/utils/cookie';

export const SESSION_COOKIE = 'sal_session';
const INTERACTION_COOKIE_PREFIX = 'sal_ix_';

/** One cookie per transaction, so two tabs signing in at once do not overwrite each other. */
export const interactionCookieName = (interactionId: string) =>
  `${INTERACTION_COOKIE_PREFIX}${interactionId}`;

/** httpOnly and SameSite=Lax always; Secure whenever the request came over https. */
const options = (c: Context, maxAgeSeconds?: number): CookieOptions => ({
  path: '/',
  httpOnly: true,
  sameSite: 'Lax',
  secure: new URL(c.req.url).protocol === 'https:',
  ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds }),
});

export const readSessionCookie = (c: Context) => getCookie(c, SESSION_COOKIE);

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The session cookie's SameSite. FedCM's accounts and assertion requests are cross-site and carry
 * only `SameSite=None` cookies (they do so even with third-party cookies blocked). None needs
 * Secure, which Chromium accepts over http only on loopback: anywhere else over http the cookie
 * stays Lax (FedCM then finds no account) rather than being dropped.
 */
export function sessionCookieSameSite(url: string): 'None' | 'Lax' {
  const { protocol, hostname } = new URL(url);
  return protocol === 'https:' || LOOPBACK_HOSTS.has(hostname) ? 'None' : 'Lax';
}

const sessionOptions = (c: Context, maxAgeSeconds?: number): CookieOptions => {
  const sameSite = sessionCookieSameSite(c.req.url);
  return {
    ...options(c, maxAgeSeconds),
    sameSite,
    secure: sameSite === 'None' || options(c).secure,
  };
};

/**
 * FedCM's Login Status API: the browser asks for accounts only while it believes someone is
 * signed in here, so every start and end of a session says so (`Set-Login`).
 */
export const setLoginStatus = (c: Context, status: 'logged-in' | 'logged-out') =>
  c.header('Set-Login', status);

export const setSessionCookie = (c: Context, value: string, maxAgeSeconds: number) => {
  setCookie(c, SESSION_COOKIE, value, sessionOptions(c, maxAgeSeconds));
  setLoginStatus(c, 'logged-in');
};

export const clearSessionCookie = (c: Context) => {
  deleteCookie(c, SESSION_COOKIE, sessionOptions(c));
  setLoginStatus(c, 'logged-out');
};

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

/** Double-submit token for the account login form (no session yet to bind a token to). */
export const readLoginCsrfCookie = (c: Context) => getCookie(c, LOGIN_CSRF_COOKIE);

export const setLoginCsrfCookie = (c: Context, value: string, maxAgeSeconds: number) =>
  setCookie(c, LOGIN_CSRF_COOKIE, value, options(c, maxAgeSeconds));

export const clearLoginCsrfCookie = (c: Context) => deleteCookie(c, LOGIN_CSRF_COOKIE, options(c));
