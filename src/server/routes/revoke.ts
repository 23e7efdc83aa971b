import { Hono } from 'hono';
import type { Domain } from '../domain/domain.ts';
import { revokeTokenRequest } from '../domain/revocation.ts';
import { backChannelEndpoint } from '../http/backChannelEndpoint.ts';

/** POST /oauth/revoke (RFC 7009): 200 with an empty body whether or not the token was known. */
export function revokeRoutes(domain: Domain): Hono {
  const app = new Hono();
  backChannelEndpoint(
    app,
    domain,
    { path: '/oauth/revoke', name: 'The revocation endpoint', cors: true },
    (request) => revokeTokenRequest(domain, request),
  );
  return app;
}
