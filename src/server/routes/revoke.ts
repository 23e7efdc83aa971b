import { Hono } from 'hono';
import type { Domain } from '../domain/domain.ts';
import { isOAuthError } from '../domain/oauthError.ts';
import { revokeTokenRequest } from '../domain/revocation.ts';
import { methodNotAllowed } from '../http/methodNotAllowed.ts';
import { oauthBodyLimit } from '../http/oauthBodyLimit.ts';
import { bodyParameters } from '../http/readParams.ts';
import { renderOAuthErrorJson } from '../http/renderOAuthError.ts';
import { setNoStore } from '../http/securityHeaders.ts';
import { webOriginCors } from '../http/webOriginCors.ts';

/** POST /oauth/revoke (RFC 7009): 200 with an empty body whether or not the token was known. */
export function revokeRoutes(domain: Domain): Hono {
  const app = new Hono();
  app.use('/oauth/revoke', webOriginCors(domain.registry));
  app.post('/oauth/revoke', oauthBodyLimit, async (c) => {
    try {
      await revokeTokenRequest(domain, {
        params: await bodyParameters(c),
        authorization: c.req.header('authorization'),
      });
      setNoStore(c);
      return c.body(null, 200);
    } catch (error) {
      if (isOAuthError(error)) return renderOAuthErrorJson(c, error);
      throw error;
    }
  });
  app.all('/oauth/revoke', (c) => methodNotAllowed(c, 'The revocation endpoint'));
  return app;
}
