import { Hono } from 'hono';
import type { Domain } from '../domain/domain.ts';
import { handleTokenRequest } from '../domain/token/handleTokenRequest.ts';
import { backChannelEndpoint } from '../http/backChannelEndpoint.ts';

export function tokenRoutes(domain: Domain): Hono {
  const app = new Hono();
  backChannelEndpoint(
    app,
    domain,
    {
      path: '/oauth/token',
      name: 'The token endpoint',
      cors: true,
      answerHeaders: () => domain.dpop.nonceHeaders(),
    },
    (request) => handleTokenRequest(domain, request),
  );
  return app;
}
