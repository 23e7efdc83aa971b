import { Hono } from 'hono';
import type { Domain } from '../domain/domain.ts';
import { isOAuthError } from '../domain/oauthError.ts';
import { readUserinfo } from '../domain/userinfo.ts';
import { issuerOf } from '../http/issuerOf.ts';
import { renderOAuthErrorJson } from '../http/renderOAuthError.ts';
import { setNoStore } from '../http/securityHeaders.ts';
import { webOriginCors } from '../http/webOriginCors.ts';

export function userinfoRoutes(domain: Domain): Hono {
  const app = new Hono();
  app.use('/userinfo', webOriginCors(domain.registry));
  app.on(['GET', 'POST'], '/userinfo', (c) => {
    try {
      const claims = readUserinfo(domain, {
        authorization: c.req.header('authorization'),
        dpop: c.req.header('dpop'),
        method: c.req.method,
        issuer: issuerOf(c, domain),
      });
      setNoStore(c);
      for (const [name, value] of Object.entries(domain.dpop.nonceHeaders())) c.header(name, value);
      return c.json(claims);
    } catch (error) {
      if (isOAuthError(error)) return renderOAuthErrorJson(c, error);
      throw error;
    }
  });
  return app;
}
