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

export const setSessionCookie = (c: Context, value: string, maxAgeSeconds: number) =>
  setCookie(c, SESSION_COOKIE, value, options(c, maxAgeSeconds));

export const clearSessionCookie = (c: Context) => deleteCookie(c, SESSION_COOKIE, options(c));

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
