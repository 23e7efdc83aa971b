import type { Context, Next } from 'hono';
import type { ControlledDomain } from '../control/controlPlane.ts';
import { areCookiesBlocked } from '../control/cookieBlocking.ts';
import { annotateLogEntry } from './requestContext.ts';

/** The request as the routes see it: the same, without its Cookie header. */
function withoutCookies(request: Request): Request {
  const headers = new Headers(request.headers);
  headers.delete('cookie');
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  return new Request(request.url, {
    method: request.method,
    headers,
    ...(hasBody ? { body: request.body, duplex: 'half' } : {}),
  } as RequestInit);
}

/**
 * Simulated third-party cookie blocking: whether this request is one a blocking browser would
 * send without its cookies. Then {@link withCookiesBlocked} routes it: the routes never see the
 * cookies (so /authorize answers login_required and /cookie-probe reports cookies blocked), and
 * the cookies it would set are dropped, as a blocking browser would not store them.
 */
export function blocksCookies(c: Context, domain: ControlledDomain): boolean {
  const mode = domain.cookieBlocking.mode();
  if (mode === 'off') return false;
  const metadata = { dest: c.req.header('sec-fetch-dest'), site: c.req.header('sec-fetch-site') };
  return areCookiesBlocked(mode, metadata);
}

export async function withCookiesBlocked(c: Context, next: Next): Promise<void> {
  if (c.req.header('cookie') !== undefined) c.req.raw = withoutCookies(c.req.raw);
  annotateLogEntry(c, { cookiesIgnored: true });
  await next();
  c.res.headers.delete('set-cookie');
}
