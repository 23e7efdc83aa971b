import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { errorPage } from './pages/errorPage.ts';
import { setPageHeaders } from './securityHeaders.ts';

/** The server's own HTML forms are small; anything bigger is not from them: an error page. */
export const formBodyLimit = bodyLimit({
  maxSize: 16 * 1024,
  onError: (c) => {
    setPageHeaders(c);
    return c.html(errorPage('invalid_request', 'The form is too large'), 413);
  },
});

/** A form post from one of the server's pages; any other body reads as empty. */
export const readForm = async (c: Context): Promise<URLSearchParams> => {
  const type = c.req.header('content-type') ?? '';
  return type.startsWith('application/x-www-form-urlencoded')
    ? new URLSearchParams(await c.req.text())
    : new URLSearchParams();
};
