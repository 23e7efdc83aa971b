import type { AuthFailure } from '../auth/authFailure.ts';
import type { TimelineEntry } from '../auth/authMachine.ts';
import { RENEWAL_BACKOFF } from '../auth/renewalBackoff.ts';
import { formatDateTime, formatSecondsLeft } from './formatTime.ts';

const failureText = ({ reason, error }: AuthFailure) =>
  error && error !== reason ? `${reason} (${error})` : reason;

const until = (entry: TimelineEntry) =>
  entry.accessTokenExpiresAt
    ? `; access token valid until ${formatDateTime(entry.accessTokenExpiresAt)} (${formatSecondsLeft(
        Math.round((entry.accessTokenExpiresAt - entry.at) / 1000),
      )})`
    : '';

const signedInHow = (entry: Extract<TimelineEntry, { type: 'signed_in' }>) => {
  switch (entry.via) {
    case 'other_tab':
      return 'Signed in with the tokens of another tab';
    case 'redirect':
      return 'Signed in via redirect';
    case 'silent':
      return `Signed in by silent sign-in${entry.transport ? ` via ${entry.transport}` : ''}`;
  }
};

/** One timeline entry in words. */
export function describeTimelineEntry(entry: TimelineEntry): string {
  switch (entry.type) {
    case 'login_started':
      return `Login started (then back to ${entry.returnPath})`;
    case 'callback_received':
      return 'Authorization response received';
    case 'signed_in':
      return `${signedInHow(entry)}${until(entry)}`;
    case 'login_failed':
      return `Login failed: ${failureText(entry.failure)}`;
    case 'login_abandoned':
      return 'Login abandoned (came back without signing in)';
    case 'silent_login_started':
      return `Silent sign-in started via ${entry.transport} (${entry.trigger})`;
    case 'silent_login_failed':
      // prompt=none answering login_required means "no session here": the expected answer at
      // boot when signed out, or right after a logout, not a fault.
      return entry.failure.reason === 'login_required'
        ? 'No server session: signed out'
        : `Silent sign-in failed: ${failureText(entry.failure)}`;
    case 'renew_started':
      return `Renewal started via ${entry.transport} (${entry.trigger})`;
    case 'renewed':
      return `Renewed via ${entry.transport} in ${entry.durationMs} ms${until(entry)}`;
    case 'renew_failed':
      return `Renewal ${entry.inOtherTab ? 'in another tab ' : ''}via ${entry.transport} failed after ${entry.durationMs} ms: ${failureText(entry.failure)}`;
    case 'renew_retry_scheduled':
      return `Retry ${entry.attempt} of ${RENEWAL_BACKOFF.maxAttempts} after ${entry.after} in ${(entry.delayMs / 1000).toFixed(1)} s${
        entry.retryAfterSeconds === undefined
          ? ''
          : ` (the server asked for ${entry.retryAfterSeconds} s)`
      }`;
    case 'renew_retry_cancelled':
      return entry.cause === 'hidden'
        ? 'Retry put off: the tab is hidden (tries again when it is shown again)'
        : 'Retry put off: the browser is offline (tries again when it is back online)';
    case 'tokens_shared':
      return `Renewed tokens shared by another tab${until(entry)}`;
    case 'access_token_expired':
      return 'Access token expired';
    case 'logged_out':
      return entry.initiator === 'user' ? 'Logged out' : 'Logged out in another tab';
    case 'server_logout_failed':
      return `Logout at the authorization server failed: ${failureText(entry.failure)}`;
    case 'message_ignored':
      return `Ignored a message: ${entry.reason}`;
  }
}
