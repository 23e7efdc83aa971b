import { type Context, Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { COOKIE_PROBE_PATH } from '../../protocol/oauth.ts';
import type { Domain } from '../domain/domain.ts';
import { randomToken } from '../domain/randomToken.ts';
import { cookieProbePage } from '../http/pages/cookieProbePage.ts';
import { errorPage } from '../http/pages/errorPage.ts';
import { setNoStore, setPageHeaders } from '../http/securityHeaders.ts';
import {
  answerStorageAccess,
  decideStorageAccessRetry,
  framedRequestOf,
  type StorageAccessState,
  storageAccessStateOf,
} from '../http/storageAccess.ts';

const PROBE_COOKIE = 'sal_probe';

/**
 * Third-party cookie probe, for telling "no session" from "cookies blocked" after a silent
 * login_required. Step one sets a cookie and redirects; step two reports whether it came back.
 * SameSite=None (it must survive a cross-site frame) needs Secure, which Chromium accepts over
 * http on localhost and 127.0.0.1. A frame whose storage access grant is inactive is asked to
 * retry with it (both steps), so the probe reports what a renewal frame would get.
 *
 * The page also learns what the probe's first request came with (`first`), carried in the URL
 * from step to step: the retry is invisible to the page (the browser acts on it and resends the
 * same URL), so before answering it, step one redirects to itself with `first=inactive`. The page
 * then sees the whole story without the control API: `inactive` first, then `active` with the
 * cookie. Display only: a forged `first` changes nothing but the words of the forger's own frame.
 */
export function cookieProbeRoutes(domain: Domain): Hono {
  const app = new Hono();

  const registeredOrigin = (c: Context): string | undefined => {
    const origin = c.req.query('origin');
    return origin && domain.registry.isWebOrigin(origin) ? origin : undefined;
  };

  const refuse = (c: Context) => {
    setPageHeaders(c);
    return c.html(errorPage('invalid_request', 'origin must be a registered web origin'), 400);
  };

  app.get(COOKIE_PROBE_PATH, (c) => {
    const origin = registeredOrigin(c);
    if (!origin) return refuse(c);
    const arrived = storageAccessStateOf(c.req.header('sec-fetch-storage-access'));
    const first = firstStateOf(c) ?? arrived;
    if (firstStateOf(c) === null && decideStorageAccessRetry(framedRequestOf(c), [origin]).retry) {
      setNoStore(c);
      return c.redirect(probeUrl(COOKIE_PROBE_PATH, origin, first), 302);
    }
    const retry = answerStorageAccess(c, domain, COOKIE_PROBE_PATH, [origin]);
    if (retry) return retry;
    setCookie(c, PROBE_COOKIE, '1', {
      path: COOKIE_PROBE_PATH,
      httpOnly: true,
      sameSite: 'None',
      secure: true,
      maxAge: 60,
    });
    setNoStore(c);
    c.header('Content-Security-Policy', `frame-ancestors ${origin}`);
    return c.redirect(probeUrl(`${COOKIE_PROBE_PATH}/check`, origin, first), 302);
  });

  app.get(`${COOKIE_PROBE_PATH}/check`, (c) => {
    const origin = registeredOrigin(c);
    if (!origin) return refuse(c);
    const retry = answerStorageAccess(c, domain, COOKIE_PROBE_PATH, [origin]);
    if (retry) return retry;
    const nonce = randomToken(16);
    setNoStore(c);
    c.header(
      'Content-Security-Policy',
      `default-src 'none'; script-src 'nonce-${nonce}'; base-uri 'none'; frame-ancestors ${origin}`,
    );
    const cookies = getCookie(c, PROBE_COOKIE) === '1';
    const header = storageAccessStateOf(c.req.header('sec-fetch-storage-access'));
    return c.html(cookieProbePage(cookies, { header, first: firstStateOf(c) }, origin, nonce));
  });
  return app;
}

const firstStateOf = (c: Context): StorageAccessState | null =>
  storageAccessStateOf(c.req.query('first'));

const probeUrl = (path: string, origin: string, first: StorageAccessState | null) =>
  `${path}?${new URLSearchParams({ origin, ...(first ? { first } : {}) })}`;
