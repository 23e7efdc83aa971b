import { isTransientFailure } from '../auth/authFailure.ts';
import { secondsUntil } from '../auth/tokenExpiry.ts';
import { useAuth } from './AuthContext.tsx';
import { describeRenewalRetry } from './describeRenewalRetry.ts';
import { explainAuthFailure } from './explainAuthFailure.ts';
import { formatSecondsLeft } from './formatTime.ts';
import { useCurrentPath } from './useCurrentPath.ts';
import { useNow } from './useNow.ts';

/**
 * Says plainly when the session is in trouble: expired, a renewal failed while the access
 * token still works, or the silent sign-in could not reach the server; what happens next (a
 * retry by itself, or waiting for the network) — and offers a full-page sign-in that comes back
 * to this page.
 */
export function SessionNotice() {
  const status = useAuth((state) => state.status);
  const failure = useAuth((state) => state.failure);
  const retry = useAuth((state) => state.retry);
  const expiresAt = useAuth((state) => state.session?.accessTokenExpiresAt ?? null);
  const login = useAuth((state) => state.login);
  const currentPath = useCurrentPath();
  const now = useNow();

  const renewalFailed = status === 'authenticated' && failure !== null && expiresAt !== null;
  const signInFailed = status === 'anonymous' && failure !== null && isTransientFailure(failure);
  if (status !== 'expired' && !renewalFailed && !signInFailed) return null;
  const next = failure ? describeRenewalRetry(failure, retry, now) : null;

  return (
    <div
      className={`notice ${status === 'expired' ? 'notice-error' : 'notice-warning'}`}
      role="alert"
    >
      <p>
        <strong>
          {signInFailed
            ? 'Could not check whether you are signed in.'
            : status === 'expired'
              ? 'Your session has expired.'
              : `Renewal failed; the access token still works for ${formatSecondsLeft(secondsUntil(expiresAt ?? 0, now))}.`}
        </strong>{' '}
        {failure
          ? explainAuthFailure(failure)
          : 'The access token reached its expiry before it could be renewed.'}
        {next && ` ${next}`}
      </p>
      {failure?.description && <p className="detail">Details: {failure.description}</p>}
      <button type="button" className="primary" onClick={() => void login(currentPath)}>
        {signInFailed ? 'Sign in' : 'Sign in again'}
      </button>
    </div>
  );
}
