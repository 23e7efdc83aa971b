import type { Context, MiddlewareHandler } from 'hono';
import { isOAuthError } from '../domain/oauthError.ts';
import { nodeRequestHeader } from './nodeRequestHeader.ts';
import { errorPage } from './pages/errorPage.ts';
import { readBodyText } from './readBodyText.ts';
import { annotateLogEntry } from './requestContext.ts';
import { setPageHeaders } from './securityHeaders.ts';

/** The server's own HTML forms are small; anything bigger is not from them. */
export const FORM_BODY_LIMIT = 16 * 1024;

/**
 * A refused body of known length is left unread and @hono/node-server drains it after the
 * answer, so the connection serves its next request. Past this size draining costs more than a
 * new connection (and @hono/node-server gives up after 500 ms), so the answer closes it instead.
 */
const DRAINED_BODY_LIMIT = 1024 * 1024;

function formTooLarge(c: Context, closeConnection: boolean): Response {
  setPageHeaders(c);
  // Said, not merely done: a client that reads keep-alive sends its next request on this socket.
  if (closeConnection) c.header('Connection', 'close');
  return c.html(errorPage('invalid_request', 'The form is too large'), 413);
}

/**
 * Reads the body of a post to one of the server's pages, within FORM_BODY_LIMIT, before the
 * route runs; `readForm` then parses it. A declared length over the limit is refused before
 * the body is touched (hono/body-limit opened the body stream first, and a half-read stream
 * is one @hono/node-server cannot drain: the next request on that connection went unanswered).
 * A body without a length (chunked) is read up to the limit, then refused with the connection
 * closed, since the rest of it is still on the socket.
 */
export const formBodyLimit: MiddlewareHandler = async (c, next) => {
  const declared = Number(nodeRequestHeader(c, 'content-length') ?? 0);
  if (declared > FORM_BODY_LIMIT) return formTooLarge(c, declared > DRAINED_BODY_LIMIT);
  let text: string;
  try {
    text = await readBodyText(c, FORM_BODY_LIMIT);
  } catch (error) {
    if (isOAuthError(error)) return formTooLarge(c, true);
    throw error;
  }
  c.set('formBody', text);
  await next();
};

/** A form post from one of the server's pages; any other body reads as empty. */
export const readForm = async (c: Context): Promise<URLSearchParams> => {
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded')) return new URLSearchParams();
  const read: unknown = c.get('formBody');
  const form = new URLSearchParams(
    typeof read === 'string' ? read : await readBodyText(c, FORM_BODY_LIMIT),
  );
  annotateLogEntry(c, { body: [...form] });
  return form;
};
