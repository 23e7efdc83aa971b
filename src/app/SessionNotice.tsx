import { secondsUntil } from '../auth/tokenExpiry.ts';
import { useAuth } from './AuthContext.tsx';
import { describeRenewalRetry } from './describeRenewalRetry.ts';
import { explainAuthFailure } from './explainAuthFailure.ts';
import { formatSecondsLeft } from './formatTime.ts';
import { useCurrentPath } from './useCurrentPath.ts';
import { useNow } from './useNow.ts';

/**
 * Says plainly when the session is in trouble: expired, or a renewal failed while the access
 * token still works; what happens next (a retry by itself, or waiting for the network) — and
 * offers a full-page sign-in that comes back to this page.
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
  if (status !== 'expired' && !renewalFailed) return null;
  const next = failure ? describeRenewalRetry(failure, retry, now) : null;

  return (
    <div
      className={`notice ${status === 'expired' ? 'notice-error' : 'notice-warning'}`}
      role="alert"
    >
      <p>
        <strong>
          {status === 'expired'
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
        Sign in again
      </button>
    </div>
  );
}
