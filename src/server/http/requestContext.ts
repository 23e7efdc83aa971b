import type { Context } from 'hono';
import { capLoggedParameters, type RecordedRequest } from '../control/requestLog.ts';
import { isOAuthError, type OAuthError } from '../domain/oauthError.ts';

/**
 * What the server's middleware hands to later middleware and routes through the context:
 * `requestLogEntry` (this request's entry in the request log; absent for control requests) and
 * `forcedError` (an error the control API forces on an endpoint that renders it itself).
 */
export const forcedErrorOf = (c: Context): OAuthError | undefined => {
  const value: unknown = c.get('forcedError');
  return isOAuthError(value) ? value : undefined;
};

/** Notes something about the request (a fault, ignored cookies, its body) in its log entry. */
export const annotateLogEntry = (c: Context, note: Partial<RecordedRequest>): void => {
  const entry: unknown = c.get('requestLogEntry');
  if (!entry || typeof entry !== 'object') return;
  // The entry keeps a capped copy: the body itself may be large, and the log lives long.
  Object.assign(entry, note.body ? { ...note, body: capLoggedParameters(note.body) } : note);
};
