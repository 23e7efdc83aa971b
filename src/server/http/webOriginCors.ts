import type { Context, MiddlewareHandler } from 'hono';
import type { Registry } from '../domain/registry.ts';
import { nodeRequestHeader } from './nodeRequestHeader.ts';
import { setContextHeaders } from './securityHeaders.ts';

// DPoP: the proof header in, the server's nonce out (RFC 9449 §8).
const ALLOW_HEADERS = 'Authorization,Content-Type,Auth0-Client,DPoP';
const EXPOSE_HEADERS = [
  'WWW-Authenticate',
  'DPoP-Nonce',
  'Retry-After',
  'X-RateLimit-Limit',
  'X-RateLimit-Remaining',
  'X-RateLimit-Reset',
].join(',');
const PREFLIGHT_MAX_AGE_SECONDS = '600';
export const DEFAULT_CORS_METHODS: readonly string[] = ['GET', 'POST', 'OPTIONS'];

/** The caller's origin when it is a registered web origin: the only one ever allowed. */
function allowedOrigin(c: Context, registry: Registry): string | undefined {
  const origin = nodeRequestHeader(c, 'origin');
  return origin !== undefined && registry.isWebOrigin(origin) ? origin : undefined;
}

/**
 * The CORS headers of an actual (not preflight) answer, as a plain object: only a registered
 * web origin gets an `Access-Control-Allow-Origin`, echoing its own. The rate-limit headers
 * are exposed so a page can honour `Retry-After`.
 */
export function webOriginCorsHeaders(c: Context, registry: Registry): Record<string, string> {
  const allowOrigin = allowedOrigin(c, registry);
  const headers: Record<string, string> = {
    'Access-Control-Expose-Headers': EXPOSE_HEADERS,
    Vary: 'Origin',
  };
  if (allowOrigin !== undefined) headers['Access-Control-Allow-Origin'] = allowOrigin;
  return headers;
}

/** The answer to a preflight. auth0-spa-js sends an `Auth0-Client` header, so it is allowed. */
export function webOriginPreflight(
  c: Context,
  registry: Registry,
  allowMethods: readonly string[] = DEFAULT_CORS_METHODS,
): Response {
  const allowOrigin = allowedOrigin(c, registry);
  return c.body(null, 204, {
    ...(allowOrigin === undefined ? {} : { 'Access-Control-Allow-Origin': allowOrigin }),
    'Access-Control-Expose-Headers': EXPOSE_HEADERS,
    'Access-Control-Max-Age': PREFLIGHT_MAX_AGE_SECONDS,
    'Access-Control-Allow-Methods': allowMethods.join(','),
    'Access-Control-Allow-Headers': ALLOW_HEADERS,
    Vary: 'Origin, Access-Control-Request-Headers',
  });
}

/**
 * CORS as middleware, for the endpoints a browser app calls that answer through the context
 * (userinfo, the management API, forced errors); back-channel endpoints put the same headers
 * in their answer themselves (backChannelEndpoint).
 *
 * Headers are set before the route answers, never on its finished response: changing a
 * finished response makes Hono rebuild it around a body stream, off @hono/node-server's fast
 * path (hono/cors appends `Vary` that way).
 */
export const webOriginCors = (
  registry: Registry,
  allowMethods: readonly string[] = DEFAULT_CORS_METHODS,
): MiddlewareHandler => {
  return (c, next) => {
    if (c.req.method === 'OPTIONS') {
      return Promise.resolve(webOriginPreflight(c, registry, allowMethods));
    }
    setContextHeaders(c, webOriginCorsHeaders(c, registry));
    return next();
  };
};
