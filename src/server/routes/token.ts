import { Hono } from 'hono';
import type { Domain } from '../domain/domain.ts';
import { handleTokenRequest } from '../domain/token/handleTokenRequest.ts';
import { backChannelEndpoint } from '../http/backChannelEndpoint.ts';
import { webOriginCors } from '../http/webOriginCors.ts';

export function tokenRoutes(domain: Domain): Hono {
  const app = new Hono();
  app.use('/oauth/token', webOriginCors(domain.registry));
  backChannelEndpoint(
    app,
    domain,
    { path: '/oauth/token', name: 'The token endpoint' },
    (request) => handleTokenRequest(domain, request),
  );
  return app;
}
