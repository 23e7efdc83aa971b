import type { Context } from 'hono';
import { errorPage } from './pages/errorPage.ts';
import { setPageHeaders } from './securityHeaders.ts';

/** A form post that is not from this browser's own sign-in page (CSRF, RFC 6749 §10.12). */
export function refusedFormPost(c: Context): Response {
  setPageHeaders(c);
  return c.html(
    errorPage(
      'invalid_request',
      'The form was not submitted from this browser’s sign-in page (CSRF check failed); start again from the application',
    ),
    403,
  );
}
