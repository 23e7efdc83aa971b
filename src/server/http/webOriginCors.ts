import { cors } from 'hono/cors';
import type { Registry } from '../domain/registry.ts';

/**
 * CORS for the endpoints a browser app calls (token, userinfo): only registered web origins get
 * an `Access-Control-Allow-Origin`, echoing theirs. auth0-spa-js sends an `Auth0-Client` header,
 * so the preflight must allow it.
 */
export const webOriginCors = (registry: Registry) =>
  cors({
    origin: (origin) => (registry.isWebOrigin(origin) ? origin : null),
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: ['Authorization', 'Content-Type', 'Auth0-Client'],
    exposeHeaders: ['WWW-Authenticate'],
    maxAge: 600,
  });
