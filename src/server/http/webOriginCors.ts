import type { MiddlewareHandler } from 'hono';
import type { Registry } from '../domain/registry.ts';

const ALLOW_HEADERS = 'Authorization,Content-Type,Auth0-Client';
const EXPOSE_HEADERS = [
  'WWW-Authenticate',
  'Retry-After',
  'X-RateLimit-Limit',
  'X-RateLimit-Remaining',
  'X-RateLimit-Reset',
].join(',');
const PREFLIGHT_MAX_AGE_SECONDS = '600';

/**
 * CORS for the endpoints a browser app calls (token, userinfo, revocation, the management API):
 * only registered web origins get an `Access-Control-Allow-Origin`, echoing theirs. auth0-spa-js
 * sends an `Auth0-Client` header, so the preflight must allow it. The rate-limit headers are
 * exposed so a page can honour `Retry-After`.
 *
 * Headers are set before the route answers, never on its finished response: changing a
 * finished response makes Hono rebuild it around a body stream, off @hono/node-server's fast
 * path (hono/cors appends `Vary` that way).
 */
export const webOriginCors = (
  registry: Registry,
  allowMethods: readonly string[] = ['GET', 'POST', 'OPTIONS'],
): MiddlewareHandler => {
  const methods = allowMethods.join(',');
  return (c, next) => {
    const origin = c.req.header('origin');
    const allowOrigin = origin !== undefined && registry.isWebOrigin(origin) ? origin : undefined;
    if (c.req.method === 'OPTIONS') {
      return Promise.resolve(
        c.body(null, 204, {
          ...(allowOrigin === undefined ? {} : { 'Access-Control-Allow-Origin': allowOrigin }),
          'Access-Control-Expose-Headers': EXPOSE_HEADERS,
          'Access-Control-Max-Age': PREFLIGHT_MAX_AGE_SECONDS,
          'Access-Control-Allow-Methods': methods,
          'Access-Control-Allow-Headers': ALLOW_HEADERS,
          Vary: 'Origin, Access-Control-Request-Headers',
        }),
      );
    }
    if (allowOrigin !== undefined) c.header('Access-Control-Allow-Origin', allowOrigin);
    c.header('Access-Control-Expose-Headers', EXPOSE_HEADERS);
    c.header('Vary', 'Origin');
    return next();
  };
};
