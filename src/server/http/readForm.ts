import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { errorPage } from './pages/errorPage.ts';
import { annotateLogEntry } from './requestContext.ts';
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
  if (!type.startsWith('application/x-www-form-urlencoded')) return new URLSearchParams();
  const form = new URLSearchParams(await c.req.text());
  annotateLogEntry(c, { body: [...form] });
  return form;
};
