import { Hono } from 'hono';
import type { Domain } from '../domain/domain.ts';
import { isOAuthError } from '../domain/oauthError.ts';
import { handleTokenRequest } from '../domain/token/handleTokenRequest.ts';
import { clientIpOf } from '../http/clientIp.ts';
import { issuerOf } from '../http/issuerOf.ts';
import { methodNotAllowed } from '../http/methodNotAllowed.ts';
import { oauthBodyLimit } from '../http/oauthBodyLimit.ts';
import { bodyParameters } from '../http/readParams.ts';
import { renderOAuthErrorJson } from '../http/renderOAuthError.ts';
import { setNoStore } from '../http/securityHeaders.ts';
import { webOriginCors } from '../http/webOriginCors.ts';

export function tokenRoutes(domain: Domain): Hono {
  const app = new Hono();
  app.use('/oauth/token', webOriginCors(domain.registry));
  app.post('/oauth/token', oauthBodyLimit, async (c) => {
    try {
      const response = await handleTokenRequest(domain, {
        params: await bodyParameters(c),
        authorization: c.req.header('authorization'),
        issuer: issuerOf(c, domain),
        origin: c.req.header('origin'),
        clientIp: clientIpOf(c),
      });
      setNoStore(c);
      return c.json(response);
    } catch (error) {
      if (isOAuthError(error)) return renderOAuthErrorJson(c, error);
      throw error;
    }
  });
  app.all('/oauth/token', (c) => methodNotAllowed(c, 'The token endpoint'));
  return app;
}
