import type { AuthFailure, AuthFailureReason } from '../auth/authFailure.ts';
import type { StorageAccessStatus } from '../auth/storageAccessStatus.ts';

const EXPLANATIONS: Record<AuthFailureReason, string> = {
  oauth_error: 'The authorization server refused the request.',
  login_required:
    'The authorization server no longer has a session for you (you signed out elsewhere, or it ended). Sign in again.',
  consent_required: 'The authorization server needs you to approve this app again. Sign in again.',
  interaction_required:
    'The authorization server needs you on its page before it can continue. Sign in again.',
  third_party_cookies_blocked:
    "Your browser blocked the authorization server's cookie inside the hidden frame (third-party cookies), so it could not renew silently. Sign in again with a full-page redirect.",
  frame_blocked:
    'The authorization server refused to be loaded in a hidden frame, so silent renewal cannot work here. Sign in again with a full-page redirect.',
  timeout: 'The authorization server did not answer in time.',
  network_error: 'The authorization server could not be reached (network or CORS problem).',
  offline: 'Your browser is offline.',
  server_error: 'The authorization server failed while handling the request.',
  rate_limited: 'The authorization server refused for now: too many requests.',
  invalid_state:
    'This sign-in response does not belong to a sign-in started in this browser tab: it may be old, already used, or forged. Start again.',
  invalid_response: "The authorization server's answer could not be accepted.",
  fedcm_unsupported:
    'This browser has no FedCM (only Chromium-based browsers do). Sign in with the hidden frame or a full-page redirect.',
  fedcm_no_account:
    'The browser found no account to sign you in with FedCM (no session at the authorization server, or no earlier FedCM sign-in here). Sign in again.',
  fedcm_disabled:
    'FedCM sign-in is turned off in this browser (its settings, or you declined it). Sign in with a full-page redirect.',
  fedcm_quiet_period:
    'The browser re-authenticates silently with FedCM at most once every 10 minutes per site, and it already did. The hidden frame or a full-page sign-in takes over until then.',
};

const OAUTH_ERRORS: Record<string, string> = {
  access_denied: 'The sign-in was refused (access_denied).',
  invalid_grant:
    'The authorization code was refused: it may have expired or already been used (invalid_grant).',
  invalid_request: 'The sign-in request was refused as malformed (invalid_request).',
  invalid_client: 'The authorization server does not know this app (invalid_client).',
  invalid_scope: 'The requested scopes were refused (invalid_scope).',
  unauthorized_client: 'This app may not sign in this way (unauthorized_client).',
};

const BLOCKED =
  "Your browser blocked the authorization server's cookie inside the hidden frame (third-party cookies), so it could not sign you in or renew silently.";

/** What the cookie probe found out about storage access, in the words that follow BLOCKED. */
const STORAGE_ACCESS: Partial<Record<StorageAccessStatus, string>> = {
  grantable:
    'You can allow the authorization server to use its cookie here, once for this site (below), or sign in again with a full-page redirect.',
  denied:
    'The browser has refused the authorization server storage access on this site, so only a full-page sign-in works.',
  no_api:
    'This browser has no way to allow it for one site (no Storage Access API): sign in again with a full-page redirect.',
  granted_not_active:
    'You allowed it storage access, but the browser still kept its cookie out of the hidden frame (this browser uses a grant only in a frame where you click): sign in again with a full-page redirect.',
};

/** Plain words for a failure, for the person in front of the screen. */
export function explainAuthFailure(failure: AuthFailure): string {
  if (failure.reason === 'third_party_cookies_blocked' && failure.storageAccess) {
    const next = STORAGE_ACCESS[failure.storageAccess];
    if (next) return `${BLOCKED} ${next}`;
  }
  if (failure.reason === 'oauth_error' && failure.error) {
    return OAUTH_ERRORS[failure.error] ?? `${EXPLANATIONS.oauth_error} (${failure.error})`;
  }
  return EXPLANATIONS[failure.reason];
}
