import { Hono } from 'hono';
import { DELEGATION_DEPRECATED_AT, delegate } from '../domain/delegation.ts';
import type { Domain } from '../domain/domain.ts';
import { isOAuthError } from '../domain/oauthError.ts';
import { clientIpOf } from '../http/clientIp.ts';
import { issuerOf } from '../http/issuerOf.ts';
import { methodNotAllowed } from '../http/methodNotAllowed.ts';
import { oauthBodyLimit } from '../http/oauthBodyLimit.ts';
import { bodyParameters } from '../http/readParams.ts';
import { renderOAuthErrorJson } from '../http/renderOAuthError.ts';
import { setNoStore } from '../http/securityHeaders.ts';

/** RFC 9745: when the resource was deprecated, as a Structured Field Date. */
const DEPRECATION = `@${Math.floor(DELEGATION_DEPRECATED_AT / 1000)}`;

/** POST /delegation: Auth0's legacy endpoint, answered but marked deprecated on every response. */
export function delegationRoutes(domain: Domain): Hono {
  const app = new Hono();
  app.use('/delegation', async (c, next) => {
    await next();
    c.header('Deprecation', DEPRECATION);
  });
  app.post('/delegation', oauthBodyLimit, async (c) => {
    try {
      const response = await delegate(domain, {
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
  app.all('/delegation', (c) => methodNotAllowed(c, 'The delegation endpoint'));
  return app;
}
