import type { Context } from 'hono';
import { invalidRequest } from '../domain/oauthError.ts';
import { type RequestParameters, requestParameters } from '../domain/requestParameters.ts';
import { nodeRequestHeader } from './nodeRequestHeader.ts';
import { readBodyText } from './readBodyText.ts';
import { annotateLogEntry } from './requestContext.ts';

/** Back-channel OAuth requests are small; a bigger body is refused. */
export const MAX_PARAMETER_BODY_BYTES = 64 * 1024;

export const queryParameters = (c: Context): RequestParameters =>
  requestParameters(new URL(c.req.url).searchParams);

const jsonEntries = (text: string): [string, string][] => {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw invalidRequest('The request body is not valid JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidRequest('The JSON request body must be an object');
  }
  return Object.entries(body).map(([name, value]) => {
    if (typeof value === 'string') return [name, value];
    if (typeof value === 'number' || typeof value === 'boolean') return [name, String(value)];
    throw invalidRequest(`Parameter ${name} must be a string`);
  });
};

function parseBody(type: string | undefined, text: string): Iterable<[string, string]> {
  if (type === 'application/x-www-form-urlencoded') return new URLSearchParams(text);
  if (type === 'application/json') return jsonEntries(text);
  throw invalidRequest(
    'The request body must be application/x-www-form-urlencoded or application/json',
  );
}

/**
 * Form-encoded (RFC 6749) or JSON (as Auth0's documents post it) bodies, read into the same
 * parameter shape. The request log keeps what was read (redacted when listed), so it never
 * reads a body a second time.
 */
export async function bodyParameters(c: Context): Promise<RequestParameters> {
  const type = (nodeRequestHeader(c, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  const entries = parseBody(type, await readBodyText(c, MAX_PARAMETER_BODY_BYTES));
  annotateLogEntry(c, { body: entries });
  return requestParameters(entries);
}
