import type { Context } from 'hono';
import { Hono } from 'hono';
import { continueAuthorization, startAuthorization } from '../domain/authorization/authorize.ts';
import type { Domain } from '../domain/domain.ts';
import { isOAuthError } from '../domain/oauthError.ts';
import type { RequestParameters } from '../domain/requestParameters.ts';
import {
  readFramedSessionCookie,
  readInteractionCookie,
  readSessionCookie,
} from '../http/cookies.ts';
import { issuerOf } from '../http/issuerOf.ts';
import { bodyParameters, queryParameters } from '../http/readParams.ts';
import { renderAuthorizationOutcome } from '../http/renderAuthorizationOutcome.ts';
import { forcedErrorOf } from '../http/requestContext.ts';
import { answerStorageAccess } from '../http/storageAccess.ts';

export function authorizeRoutes(domain: Domain): Hono {
  const app = new Hono();

  const authorize = async (c: Context, params: RequestParameters, sessionCookie?: string) =>
    renderAuthorizationOutcome(
      c,
      domain,
      await startAuthorization(domain, {
        params,
        issuer: issuerOf(c, domain),
        sessionCookie,
        forcedError: forcedErrorOf(c),
      }),
    );

  // Only a GET reads the cross-site session cookie: it is what a hidden frame loads. A
  // cross-site form post keeps SameSite=Lax's protection.
  app.get('/authorize', (c) => {
    const params = queryParameters(c);
    const { prompt, client_id: clientId } = params.values;
    if (prompt === 'none' && clientId !== undefined) {
      const webOrigins = domain.registry.client(clientId)?.webOrigins ?? [];
      const retry = answerStorageAccess(c, domain, '/authorize', webOrigins);
      if (retry) return retry;
    }
    return authorize(c, params, readFramedSessionCookie(c));
  });
  // OIDC Core §3.1.2.1: the endpoint accepts POST (form-encoded) as well.
  app.post('/authorize', async (c) => {
    let params: RequestParameters;
    try {
      params = await bodyParameters(c);
    } catch (error) {
      if (!isOAuthError(error)) throw error;
      return renderAuthorizationOutcome(c, domain, { type: 'error_page', error });
    }
    return authorize(c, params, readSessionCookie(c));
  });

  // Where the login and consent pages send the browser when they are done.
  app.get('/authorize/resume', async (c) => {
    const interactionId = c.req.query('state');
    return renderAuthorizationOutcome(
      c,
      domain,
      await continueAuthorization(domain, {
        interactionId,
        browserBinding: readInteractionCookie(c, interactionId),
        sessionCookie: readSessionCookie(c),
      }),
    );
  });
  return app;
}
