import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { OAuthError } from '../domain/oauthError.ts';
import { setNoStore } from './securityHeaders.ts';

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
};

/** The management API's error shape (Auth0): `{statusCode, error, message, errorCode}`. */
export function renderManagementError(c: Context, error: OAuthError): Response {
  setNoStore(c);
  if (error.wwwAuthenticate) c.header('WWW-Authenticate', error.wwwAuthenticate);
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
  return c.json(
    {
      statusCode: error.status,
      error: REASONS[error.status] ?? 'Error',
      message: error.description,
      errorCode: error.error,
    },
    error.status as ContentfulStatusCode,
  );
}
