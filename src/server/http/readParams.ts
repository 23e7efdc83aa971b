import type { Context } from 'hono';
import { invalidRequest } from '../domain/oauthError.ts';
import { type RequestParameters, requestParameters } from '../domain/requestParameters.ts';

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

/**
 * Form-encoded (RFC 6749) or JSON (as Auth0's documents post it) bodies, read into the same
 * parameter shape.
 */
export async function bodyParameters(c: Context): Promise<RequestParameters> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  const text = await c.req.text();
  if (type === 'application/x-www-form-urlencoded') {
    return requestParameters(new URLSearchParams(text));
  }
  if (type === 'application/json') return requestParameters(jsonEntries(text));
  throw invalidRequest(
    'The request body must be application/x-www-form-urlencoded or application/json',
  );
}
