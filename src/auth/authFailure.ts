import { isSilentAuthError } from '../protocol/oauth.ts';
import type { StorageAccessStatus } from './storageAccessStatus.ts';

/**
 * Every way signing in or renewing can fail, as one typed reason. The silent-renewal reasons
 * (cookies blocked, frame blocked, timeout) come from the silent transports.
 */
export type AuthFailureReason =
  /** The authorization server answered with an OAuth error (kept in `error`). */
  | 'oauth_error'
  /** prompt=none: the server has no session for this browser. */
  | 'login_required'
  | 'consent_required'
  | 'interaction_required'
  /** The iframe reached the server without its session cookie, though a session exists. */
  | 'third_party_cookies_blocked'
  /** The server refused to be framed (CSP frame-ancestors / X-Frame-Options). */
  | 'frame_blocked'
  | 'timeout'
  | 'network_error'
  /** The browser says it has no network (`navigator.onLine` false). */
  | 'offline'
  /** The server failed (5xx, server_error, temporarily_unavailable). */
  | 'server_error'
  /** The server refused for now: too many requests (HTTP 429). */
  | 'rate_limited'
  /** The response does not belong to a request this browser made (stale, replayed or forged). */
  | 'invalid_state'
  /** The response or its tokens are not acceptable. */
  | 'invalid_response'
  /** FedCM: this browser has no `IdentityCredential` (only Chromium-based browsers do). */
  | 'fedcm_unsupported'
  /** FedCM: no account to offer (no session at the server, or the browser counts us signed out). */
  | 'fedcm_no_account'
  /** FedCM: the user (or the browser's settings) turned FedCM or its sign-in prompts off. */
  | 'fedcm_disabled'
  /** FedCM: silent re-authentication already happened on this site in the last 10 minutes. */
  | 'fedcm_quiet_period';

export interface AuthFailure {
  reason: AuthFailureReason;
  /** The OAuth error code when the server sent one (RFC 6749 §4.1.2.1, §5.2). */
  error: string | null;
  /** Words for a developer: the server's error_description or what went wrong here. */
  description: string | null;
  /** The server's `Retry-After`: no retry sooner than this (RFC 9110 §10.2.3). */
  retryAfterSeconds?: number;
  /**
   * What settled the reason, when it is known: a verdict rests on the cause and the path that
   * found it, never on how long it took (a busy machine is slow, not wrong).
   */
  decidedBy?: FailureDecidedBy;
  /**
   * With third_party_cookies_blocked: what the Storage Access API can do about it here (the
   * cookie probe's finding), so the app offers the grant only where the browser can ask.
   */
  storageAccess?: StorageAccessStatus;
}

export type FailureDecidedBy =
  /** The server said so: an OAuth error in the frame's answer or in the token response. */
  | 'server_answer'
  /** The cookie probe found the server's cookie kept out of the frame. */
  | 'cookie_probe'
  /** The hidden frame loaded a page that never answered ({@link diagnoseUnansweredFrame}). */
  | 'load_without_message'
  /** Nothing answered before the time limit. */
  | 'timeout'
  /** The browser's FedCM refused, saying only `NetworkError` or `NotAllowedError` (classifyFedCmFailure). */
  | 'fedcm_browser';

/**
 * oidc-client-ts's words for a response that matches no request of this tab. They speak of the
 * library's storage, so the failure keeps no description: the app explains `invalid_state`.
 */
const STATE_PROBLEMS = [
  'No state in response',
  'No matching state found in storage',
  'State does not match',
];

/** Turns anything oidc-client-ts, fetch or our own checks throw into one {@link AuthFailure}. */
export function classifyAuthFailure(error: unknown): AuthFailure {
  if (isAuthFailure(error)) return error;
  // SilentRenewalError: the transport already knows why.
  const carried = (error as { failure?: unknown } | null)?.failure;
  if (isAuthFailure(carried)) return carried;
  const failure = (reason: AuthFailureReason, code: string | null, description: unknown) => ({
    reason,
    error: code,
    description: typeof description === 'string' && description !== '' ? description : null,
  });
  if (typeof error !== 'object' || error === null) {
    return failure('invalid_response', null, String(error));
  }
  const { name, message } = error as { name?: unknown; message?: unknown };
  // oidc-client-ts marks its error classes by name ("Marker to detect class").
  if (name === 'ErrorResponse') {
    const { error: code, error_description } = error as {
      error?: unknown;
      error_description?: unknown;
    };
    return failureFromOAuthError(
      typeof code === 'string' ? code : 'unknown_error',
      typeof error_description === 'string' ? error_description : null,
    );
  }
  if (name === 'ErrorTimeout')
    return { ...failure('timeout', null, message), decidedBy: 'timeout' };
  // fetch rejects with a TypeError when the network or CORS fails.
  if (name === 'TypeError' && typeof message === 'string' && /fetch|network|load/i.test(message)) {
    return failure('network_error', null, message);
  }
  if (typeof message === 'string') {
    if (STATE_PROBLEMS.some((problem) => message.includes(problem))) {
      return failure('invalid_state', null, null);
    }
    // JsonService: `${statusText} (${status})` for a non-JSON error body.
    if (/\(5\d\d\)/.test(message)) {
      return { ...failure('server_error', null, message), decidedBy: 'server_answer' };
    }
    if (/\(429\)/.test(message)) {
      return { ...failure('rate_limited', null, message), decidedBy: 'server_answer' };
    }
  }
  return failure('invalid_response', null, message);
}

/**
 * The server's OAuth error (an authorization response, RFC 6749 §4.1.2.1, or a token response,
 * §5.2; OIDC §3.1.2.6) as one typed failure.
 */
export function failureFromOAuthError(error: string, description: string | null): AuthFailure {
  return {
    reason: reasonOfOAuthError(error),
    error,
    description: description === '' ? null : description,
    decidedBy: 'server_answer',
  };
}

function reasonOfOAuthError(error: string): AuthFailureReason {
  if (isSilentAuthError(error)) return error;
  if (error === 'server_error' || error === 'temporarily_unavailable') return 'server_error';
  if (error === 'too_many_requests') return 'rate_limited';
  return 'oauth_error';
}

/**
 * Failures that say nothing about the session, only that this attempt did not get through:
 * worth retrying. An answer from the server about the session (login_required…), a refusal
 * (frame_blocked, cookies blocked) or a bad response would fail the same way again.
 */
const TRANSIENT_REASONS: ReadonlySet<AuthFailureReason> = new Set([
  'timeout',
  'network_error',
  'offline',
  'server_error',
  'rate_limited',
]);

export const isTransientFailure = (failure: AuthFailure): boolean =>
  TRANSIENT_REASONS.has(failure.reason);

/**
 * A network failure or timeout while the browser says it is offline is `offline`: nothing is
 * wrong with the server, and only the `online` event can make a retry worth it.
 */
export function noticeOffline(failure: AuthFailure, online: boolean): AuthFailure {
  if (online || (failure.reason !== 'network_error' && failure.reason !== 'timeout')) {
    return failure;
  }
  return {
    reason: 'offline',
    error: null,
    description: `The browser is offline${failure.description ? ` (${failure.description})` : ''}`,
    ...(failure.decidedBy ? { decidedBy: failure.decidedBy } : {}),
  };
}

export function isAuthFailure(value: unknown): value is AuthFailure {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AuthFailure).reason === 'string' &&
    'error' in value &&
    'description' in value &&
    !(value instanceof Error)
  );
}
