import { type AuthFailure, failureFromOAuthError } from '../authFailure.ts';

/** Every reason the implicit client refuses a response, one code each (jose style). */
export type ImplicitErrorCode =
  /** The server answered with `error` (kept in `oauthError`, e.g. login_required). */
  | 'authorization_error'
  | 'state_missing'
  | 'state_mismatch'
  /** The response's state was used before: a replayed or duplicated answer. */
  | 'state_replayed'
  /** The response names another issuer (RFC 9207 `iss`): a mix-up. */
  | 'response_wrong_issuer'
  | 'access_token_missing'
  | 'token_type_unsupported'
  | 'expires_in_invalid'
  | 'id_token_missing'
  | 'id_token_malformed'
  | 'id_token_missing_claim'
  | 'alg_not_allowed'
  | 'id_token_invalid_signature'
  | 'id_token_wrong_issuer'
  | 'id_token_wrong_audience'
  | 'id_token_azp_mismatch'
  | 'id_token_expired'
  | 'id_token_not_yet_valid'
  | 'id_token_issued_in_future'
  /** A renewal brought another user's ID token. */
  | 'id_token_subject_changed'
  | 'nonce_mismatch'
  | 'nonce_replayed'
  | 'at_hash_missing'
  | 'at_hash_mismatch'
  /** The server's keys or metadata could not be fetched. */
  | 'jwks_unavailable'
  | 'discovery_invalid';

const STATE_CODES: readonly ImplicitErrorCode[] = [
  'state_missing',
  'state_mismatch',
  'state_replayed',
];

/** A refused implicit response. `failure` is what the store records (classifyAuthFailure reads it). */
export class ImplicitFlowError extends Error {
  override readonly name = 'ImplicitFlowError';
  constructor(
    readonly code: ImplicitErrorCode,
    message: string,
    /** For `authorization_error`: the server's `error` and `error_description`. */
    readonly oauthError: { error: string; description: string | null } | null = null,
  ) {
    super(message);
  }

  get failure(): AuthFailure {
    if (this.oauthError) {
      return failureFromOAuthError(this.oauthError.error, this.oauthError.description);
    }
    const description = `${this.message} (${this.code})`;
    if (STATE_CODES.includes(this.code))
      return { reason: 'invalid_state', error: null, description };
    if (this.code === 'jwks_unavailable')
      return { reason: 'network_error', error: null, description };
    return { reason: 'invalid_response', error: null, description };
  }
}
