import { Hono } from 'hono';
import { DELEGATION_DEPRECATED_AT, delegate } from '../domain/delegation.ts';
import type { Domain } from '../domain/domain.ts';
import { backChannelEndpoint } from '../http/backChannelEndpoint.ts';

/** RFC 9745: when the resource was deprecated, as a Structured Field Date. */
const DEPRECATION = `@${Math.floor(DELEGATION_DEPRECATED_AT / 1000)}`;

/** POST /delegation: Auth0's legacy endpoint, answered but marked deprecated on every response. */
export function delegationRoutes(domain: Domain): Hono {
  const app = new Hono();
  app.use('/delegation', async (c, next) => {
    await next();
    c.header('Deprecation', DEPRECATION);
  });
  backChannelEndpoint(
    app,
    domain,
    { path: '/delegation', name: 'The delegation endpoint' },
    (request) => delegate(domain, request),
  );
  return app;
}
