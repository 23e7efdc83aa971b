import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Domain } from '../domain/domain.ts';
import { invalidRequest, isOAuthError } from '../domain/oauthError.ts';
import { handleTokenRequest } from '../domain/token/handleTokenRequest.ts';
import { issuerOf } from '../http/issuerOf.ts';
import { bodyParameters } from '../http/readParams.ts';
import { renderOAuthErrorJson } from '../http/renderOAuthError.ts';
import { setNoStore } from '../http/securityHeaders.ts';
import { webOriginCors } from '../http/webOriginCors.ts';

export function tokenRoutes(domain: Domain): Hono {
  const app = new Hono();
  app.use('/oauth/token', webOriginCors(domain.registry));
  app.post(
    '/oauth/token',
    bodyLimit({
      maxSize: 64 * 1024,
      onError: (c) => renderOAuthErrorJson(c, invalidRequest('The request body is too large')),
    }),
    async (c) => {
      try {
        const response = await handleTokenRequest(domain, {
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
    },
  );
  app.all('/oauth/token', (c) => {
    c.header('Allow', 'POST, OPTIONS');
    return c.json(
      { error: 'invalid_request', error_description: 'The token endpoint only accepts POST' },
      405,
    );
  });
  return app;
}
