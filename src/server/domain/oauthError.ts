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
  | 'invalid_token'
  | 'insufficient_scope';

export interface OAuthErrorOptions {
  status?: number;
  /** Sent as `WWW-Authenticate` when the error is about client or bearer authentication. */
  wwwAuthenticate?: string;
}

export class OAuthError extends Error {
  readonly error: OAuthErrorCode;
  readonly description: string;
  readonly status: number;
  readonly wwwAuthenticate: string | undefined;

  constructor(error: OAuthErrorCode, description: string, options: OAuthErrorOptions = {}) {
    super(`${error}: ${description}`);
    this.name = 'OAuthError';
    this.error = error;
    this.description = description;
    this.status = options.status ?? 400;
    this.wwwAuthenticate = options.wwwAuthenticate;
  }

  toJSON(): { error: OAuthErrorCode; error_description: string } {
    return { error: this.error, error_description: this.description };
  }
}

export const isOAuthError = (value: unknown): value is OAuthError => value instanceof OAuthError;

export const invalidRequest = (description: string) =>
  new OAuthError('invalid_request', description);
