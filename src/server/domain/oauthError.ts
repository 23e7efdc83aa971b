/**
 * The one error type the domain throws. Routes render it for the response mode in use
 * (redirect, fragment, form_post, web_message, JSON, Bearer header, HTML page).
 */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'unsupported_response_type'
  | 'invalid_scope'
  | 'access_denied'
  | 'server_error'
  | 'login_required'
  | 'consent_required'
  | 'interaction_required'
  // RFC 6749 §4.1.2.1: the server is overloaded or down for maintenance (HTTP 503)
  | 'temporarily_unavailable'
  | 'invalid_token'
  | 'insufficient_scope'
  | 'unsupported_token_type'
  // RFC 8628 §3.5 (device authorization grant)
  | 'authorization_pending'
  | 'slow_down'
  | 'expired_token'
  // RFC 9449 §5, §8: a bad DPoP proof, or one without the server's current nonce
  | 'invalid_dpop_proof'
  | 'use_dpop_nonce'
  // Auth0's answer when a rate limit is hit (HTTP 429)
  | 'too_many_requests';

export interface OAuthErrorOptions {
  status?: number;
  /** Sent as `WWW-Authenticate` when the error is about client or bearer authentication. */
  wwwAuthenticate?: string;
  /** Other response headers the error needs (e.g. `Retry-After` on a 429). */
  headers?: Readonly<Record<string, string>>;
}

export class OAuthError extends Error {
  readonly error: OAuthErrorCode;
  readonly description: string;
  readonly status: number;
  readonly wwwAuthenticate: string | undefined;
  readonly headers: Readonly<Record<string, string>>;

  constructor(error: OAuthErrorCode, description: string, options: OAuthErrorOptions = {}) {
    super(`${error}: ${description}`);
    this.name = 'OAuthError';
    this.error = error;
    this.description = description;
    this.status = options.status ?? 400;
    this.wwwAuthenticate = options.wwwAuthenticate;
    this.headers = options.headers ?? {};
  }

  toJSON(): { error: OAuthErrorCode; error_description: string } {
    return { error: this.error, error_description: this.description };
  }
}

export const isOAuthError = (value: unknown): value is OAuthError => value instanceof OAuthError;

export const invalidRequest = (description: string) =>
  new OAuthError('invalid_request', description);

export const invalidGrant = (description: string) => new OAuthError('invalid_grant', description);
