import { Hono } from 'hono';
import type { Domain } from '../domain/domain.ts';
import { isOAuthError } from '../domain/oauthError.ts';
import { readUserinfo } from '../domain/userinfo.ts';
import { bearerToken } from '../http/bearerToken.ts';
import { issuerOf } from '../http/issuerOf.ts';
import { renderOAuthErrorJson } from '../http/renderOAuthError.ts';
import { setNoStore } from '../http/securityHeaders.ts';
import { webOriginCors } from '../http/webOriginCors.ts';

export function userinfoRoutes(domain: Domain): Hono {
  const app = new Hono();
  app.use('/userinfo', webOriginCors(domain.registry));
  app.on(['GET', 'POST'], '/userinfo', (c) => {
    try {
      const claims = readUserinfo(domain, bearerToken(c), issuerOf(c, domain));
      setNoStore(c);
      return c.json(claims);
    } catch (error) {
      if (isOAuthError(error)) return renderOAuthErrorJson(c, error);
      throw error;
    }
  });
  return app;
}
