import { type Context, Hono } from 'hono';
import type { Domain } from '../domain/domain.ts';
import { type LogoutRequest, postLogoutRedirectFor } from '../domain/logout.ts';
import { requestParameters } from '../domain/requestParameters.ts';
import { endSession } from '../domain/sessions.ts';
import { clearSessionCookie, readSessionCookie } from '../http/cookies.ts';
import { loggedOutPage } from '../http/pages/loggedOutPage.ts';
import { formBodyLimit, readForm } from '../http/readForm.ts';
import { queryParameters } from '../http/readParams.ts';
import { setPageHeaders } from '../http/securityHeaders.ts';

/** Ends the server session, then returns only to a registered URL, else shows a page. */
function logout(c: Context, domain: Domain, request: LogoutRequest): Response {
  endSession(domain, readSessionCookie(c));
  clearSessionCookie(c);
  const redirect = postLogoutRedirectFor(domain, request);
  setPageHeaders(c);
  if (redirect) return c.redirect(redirect, 302);
  return c.html(loggedOutPage(request.redirectUri !== undefined));
}

export function logoutRoutes(domain: Domain): Hono {
  const app = new Hono();

  // Auth0's logout endpoint.
  app.get('/v2/logout', (c) => {
    const { values } = queryParameters(c);
    return logout(c, domain, {
      clientId: values.client_id,
      redirectUri: values.returnTo,
      idTokenHint: undefined,
      state: undefined,
    });
  });

  // OpenID Connect RP-Initiated Logout 1.0 (GET or form POST).
  const endSessionRequest = (values: Readonly<Record<string, string>>): LogoutRequest => ({
    clientId: values.client_id,
    redirectUri: values.post_logout_redirect_uri,
    idTokenHint: values.id_token_hint,
    state: values.state,
  });
  app.get('/oidc/logout', (c) => logout(c, domain, endSessionRequest(queryParameters(c).values)));
  app.post('/oidc/logout', formBodyLimit, async (c) =>
    logout(c, domain, endSessionRequest(requestParameters(await readForm(c)).values)),
  );
  return app;
}
