import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { OAuthError } from '../domain/oauthError.ts';
import { setContextHeaders, setNoStore } from './securityHeaders.ts';

/**
 * The assertion and disconnect answers are read by the relying party's origin with the user's
 * credentials: CORS names that one origin and allows credentials, or Chromium shows an error
 * dialog and the call never settles.
 */
export function setFedCmCors(c: Context, origin: string): void {
  setContextHeaders(c, {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Credentials': 'true',
    'Access-Control-Expose-Headers': 'Retry-After',
    Vary: 'Origin',
  });
}

/**
 * An error for a caller already known to be a registered origin, in FedCM's own shape
 * (`{error: {code}}`), which Chromium hands to the page as `IdentityCredentialError.error`; the
 * OAuth description rides beside it for people reading the request log.
 */
export function renderFedCmError(c: Context, error: OAuthError): Response {
  setNoStore(c);
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
  return c.json(
    { error: { code: error.error }, error_description: error.description },
    error.status as ContentfulStatusCode,
  );
}
