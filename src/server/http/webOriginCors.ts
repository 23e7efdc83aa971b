import { cors } from 'hono/cors';
import type { Registry } from '../domain/registry.ts';

/**
 * CORS for the endpoints a browser app calls (token, userinfo, revocation, the management API):
 * only registered web origins get an `Access-Control-Allow-Origin`, echoing theirs. auth0-spa-js
 * sends an `Auth0-Client` header, so the preflight must allow it. The rate-limit headers are
 * exposed so a page can honour `Retry-After`.
 */
export const webOriginCors = (
  registry: Registry,
  allowMethods: string[] = ['GET', 'POST', 'OPTIONS'],
) =>
  cors({
    origin: (origin) => (registry.isWebOrigin(origin) ? origin : null),
    allowMethods,
    allowHeaders: ['Authorization', 'Content-Type', 'Auth0-Client'],
    exposeHeaders: [
      'WWW-Authenticate',
      'Retry-After',
      'X-RateLimit-Limit',
      'X-RateLimit-Remaining',
      'X-RateLimit-Reset',
    ],
    maxAge: 600,
  });
