import type { Context } from 'hono';
import { Hono } from 'hono';
import { continueAuthorization, startAuthorization } from '../domain/authorization/authorize.ts';
import type { Domain } from '../domain/domain.ts';
import { isOAuthError } from '../domain/oauthError.ts';
import type { RequestParameters } from '../domain/requestParameters.ts';
import { readInteractionCookie, readSessionCookie } from '../http/cookies.ts';
import { issuerOf } from '../http/issuerOf.ts';
import { bodyParameters, queryParameters } from '../http/readParams.ts';
import { renderAuthorizationOutcome } from '../http/renderAuthorizationOutcome.ts';
import { forcedErrorOf } from '../http/requestContext.ts';

export function authorizeRoutes(domain: Domain): Hono {
  const app = new Hono();

  const authorize = async (c: Context, params: RequestParameters) =>
    renderAuthorizationOutcome(
      c,
      domain,
      await startAuthorization(domain, {
        params,
        issuer: issuerOf(c, domain),
        sessionCookie: readSessionCookie(c),
        forcedError: forcedErrorOf(c),
      }),
    );

  app.get('/authorize', (c) => authorize(c, queryParameters(c)));
  // OIDC Core §3.1.2.1: the endpoint accepts POST (form-encoded) as well.
  app.post('/authorize', async (c) => {
    let params: RequestParameters;
    try {
      params = await bodyParameters(c);
    } catch (error) {
      if (!isOAuthError(error)) throw error;
      return renderAuthorizationOutcome(c, domain, { type: 'error_page', error });
    }
    return authorize(c, params);
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
