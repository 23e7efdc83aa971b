import { type AuthFailure, isTransientFailure } from '../auth/authFailure.ts';
import type { AuthMachineState } from '../auth/authMachine.ts';
import { RENEWAL_BACKOFF } from '../auth/renewalBackoff.ts';

/**
 * What happens next after a failed renewal or silent sign-in, in words: a transient failure is
 * retried by itself (say when, and whether the server asked to wait), an offline browser waits
 * for the network; a definitive answer gets nothing here — only signing in again helps, and the
 * notice says so.
 */
export function describeRenewalRetry(
  failure: AuthFailure,
  retry: AuthMachineState['retry'],
  now: number,
): string | null {
  if (!isTransientFailure(failure)) return null;
  if (failure.reason === 'offline') {
    return 'It tries again by itself as soon as the browser is back online.';
  }
  if (!retry) return 'Automatic retries have stopped: try again now, or sign in.';
  const seconds = Math.ceil((retry.at - now) / 1000);
  const asked =
    failure.retryAfterSeconds === undefined
      ? ''
      : `The server asked to wait ${failure.retryAfterSeconds} s (Retry-After). `;
  return `${asked}Trying again by itself ${seconds > 0 ? `in ${seconds} s` : 'now'} (retry ${retry.attempt} of ${RENEWAL_BACKOFF.maxAttempts}).`;
}
