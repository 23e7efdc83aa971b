import { Hono } from 'hono';
import { startDeviceAuthorization } from '../domain/deviceAuthorization.ts';
import type { Domain } from '../domain/domain.ts';
import { backChannelEndpoint } from '../http/backChannelEndpoint.ts';

/** POST /oauth/device/code (RFC 8628 §3.1–3.2), Auth0's path. */
export function deviceAuthorizationRoutes(domain: Domain): Hono {
  const app = new Hono();
  backChannelEndpoint(
    app,
    domain,
    { path: '/oauth/device/code', name: 'The device authorization endpoint' },
    (request) => startDeviceAuthorization(domain, request),
  );
  return app;
}
