import { Hono } from 'hono';
import { startDeviceAuthorization } from '../domain/deviceAuthorization.ts';
import type { Domain } from '../domain/domain.ts';
import { isOAuthError } from '../domain/oauthError.ts';
import { issuerOf } from '../http/issuerOf.ts';
import { methodNotAllowed } from '../http/methodNotAllowed.ts';
import { oauthBodyLimit } from '../http/oauthBodyLimit.ts';
import { bodyParameters } from '../http/readParams.ts';
import { renderOAuthErrorJson } from '../http/renderOAuthError.ts';
import { setNoStore } from '../http/securityHeaders.ts';

/** POST /oauth/device/code (RFC 8628 §3.1–3.2), Auth0's path. */
export function deviceAuthorizationRoutes(domain: Domain): Hono {
  const app = new Hono();
  app.post('/oauth/device/code', oauthBodyLimit, async (c) => {
    try {
      const response = startDeviceAuthorization(domain, {
        params: await bodyParameters(c),
        authorization: c.req.header('authorization'),
        issuer: issuerOf(c, domain),
      });
      setNoStore(c);
      return c.json(response);
    } catch (error) {
      if (isOAuthError(error)) return renderOAuthErrorJson(c, error);
      throw error;
    }
  });
  app.all('/oauth/device/code', (c) => methodNotAllowed(c, 'The device authorization endpoint'));
  return app;
}
