import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { OAuthError } from '../domain/oauthError.ts';
import { setNoStore } from './securityHeaders.ts';

/** The JSON rendering (token, userinfo, control): `{error, error_description}` with its status. */
export function renderOAuthErrorJson(c: Context, error: OAuthError): Response {
  setNoStore(c);
  if (error.wwwAuthenticate) c.header('WWW-Authenticate', error.wwwAuthenticate);
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
  return c.json(error.toJSON(), error.status as ContentfulStatusCode);
}
