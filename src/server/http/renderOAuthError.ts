import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { OAuthError } from '../domain/oauthError.ts';
import { NO_STORE_HEADERS, setNoStore } from './securityHeaders.ts';

/** The JSON rendering (token, userinfo, control): `{error, error_description}` with its status. */
export function renderOAuthErrorJson(c: Context, error: OAuthError): Response {
  setNoStore(c);
  if (error.wwwAuthenticate) c.header('WWW-Authenticate', error.wwwAuthenticate);
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
  return c.json(error.toJSON(), error.status as ContentfulStatusCode);
}

/**
 * The same JSON error as a finished response with `headers` (CORS) added, for endpoints that
 * build their answer without the context (backChannelEndpoint).
 */
export function oauthErrorJsonResponse(
  error: OAuthError,
  headers: Readonly<Record<string, string>>,
): Response {
  return new Response(JSON.stringify(error.toJSON()), {
    status: error.status,
    headers: {
      'Content-Type': 'application/json',
      ...NO_STORE_HEADERS,
      ...headers,
      ...(error.wwwAuthenticate ? { 'WWW-Authenticate': error.wwwAuthenticate } : {}),
      ...error.headers,
    },
  });
}
