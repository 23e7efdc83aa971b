import { type Context, Hono } from 'hono';
import {
  isLoginFormPostAllowed,
  isSafeReturnPath,
  purposeOfReturnPath,
} from '../domain/accountLogin.ts';
import type { Domain } from '../domain/domain.ts';
import { randomToken } from '../domain/randomToken.ts';
import { endSession, startSession } from '../domain/sessions.ts';
import { authenticateUser } from '../domain/users.ts';
import {
  clearLoginCsrfCookie,
  readLoginCsrfCookie,
  readSessionCookie,
  setLoginCsrfCookie,
  setSessionCookie,
} from '../http/cookies.ts';
import { errorPage } from '../http/pages/errorPage.ts';
import { loginForm } from '../http/pages/loginPage.ts';
import { formBodyLimit, readForm } from '../http/readForm.ts';
import { refusedFormPost } from '../http/refusedFormPost.ts';
import { setPageHeaders } from '../http/securityHeaders.ts';

const DEFAULT_RETURN_PATH = '/dashboard';
const LOGIN_FORM_SECONDS = 600;

/** Where a page that needs a signed-in user sends the browser first. */
export const accountLoginUrl = (returnTo: string) =>
  `/login?returnTo=${encodeURIComponent(returnTo)}`;

/**
 * Sign-in for the server's own pages (device activation, dashboard), outside any authorization
 * request. It starts the same session an authorization request would.
 */
export function accountLoginRoutes(domain: Domain): Hono {
  const app = new Hono();

  const render = (c: Context, returnTo: string, extra: { email?: string; failed?: boolean }) => {
    const csrf = readLoginCsrfCookie(c) ?? randomToken();
    setLoginCsrfCookie(c, csrf, LOGIN_FORM_SECONDS);
    setPageHeaders(c);
    return c.html(
      loginForm({
        action: '/login',
        hiddenFields: { returnTo, csrf },
        clientName: purposeOfReturnPath(returnTo),
        ...extra,
      }),
      extra.failed ? 400 : 200,
    );
  };

  app.get('/login', (c) => {
    const returnTo = c.req.query('returnTo');
    return render(c, isSafeReturnPath(returnTo) ? returnTo : DEFAULT_RETURN_PATH, {});
  });

  app.post('/login', formBodyLimit, async (c) => {
    const form = await readForm(c);
    if (!isLoginFormPostAllowed(readLoginCsrfCookie(c), form.get('csrf') ?? undefined)) {
      return refusedFormPost(c);
    }
    const requested = form.get('returnTo') ?? undefined;
    if (requested !== undefined && !isSafeReturnPath(requested)) {
      setPageHeaders(c);
      return c.html(errorPage('invalid_request', 'returnTo must be a page of this server'), 400);
    }
    const returnTo = requested ?? DEFAULT_RETURN_PATH;
    const email = form.get('email') ?? '';
    const user = authenticateUser(domain.registry, email, form.get('password') ?? '');
    if (!user) return render(c, returnTo, { email, failed: true });
    endSession(domain, readSessionCookie(c));
    const session = startSession(domain, user.userId);
    setSessionCookie(c, session.cookie, domain.lifetimes.current().sessionSeconds);
    clearLoginCsrfCookie(c);
    setPageHeaders(c);
    return c.redirect(returnTo, 303);
  });
  return app;
}
