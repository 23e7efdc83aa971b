import { type AuthFailure, isTransientFailure } from '../auth/authFailure.ts';
import { canAskForStorageAccess } from '../auth/storageAccessStatus.ts';
import { secondsUntil } from '../auth/tokenExpiry.ts';
import { useAuth } from './AuthContext.tsx';
import { describeRenewalRetry } from './describeRenewalRetry.ts';
import { explainAuthFailure } from './explainAuthFailure.ts';
import { formatSecondsLeft } from './formatTime.ts';
import { StorageAccessGrant } from './StorageAccessGrant.tsx';
import { useCurrentPath } from './useCurrentPath.ts';
import { useNow } from './useNow.ts';

/** Failures that leave a person signed out here although they may be signed in at the server. */
const isBlockedFrame = (failure: AuthFailure) =>
  failure.reason === 'third_party_cookies_blocked' || failure.reason === 'frame_blocked';

/**
 * Says plainly when the session is in trouble: expired, a renewal failed while the access
 * token still works, the silent sign-in could not reach the server, or the browser kept the
 * hidden frame from the session (after switching host or client, say); what happens next (a
 * retry by itself, or waiting for the network) — and offers a full-page sign-in that comes back
 * to this page, and where the browser can ask for it, the storage access grant.
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
  const signedOutBlocked = status === 'anonymous' && failure !== null && isBlockedFrame(failure);
  if (status !== 'expired' && !renewalFailed && !signInFailed && !signedOutBlocked) return null;
  const next = failure ? describeRenewalRetry(failure, retry, now) : null;
  const offerGrant =
    failure?.reason === 'third_party_cookies_blocked' &&
    canAskForStorageAccess(failure.storageAccess);

  return (
    <div
      className={`notice ${status === 'expired' ? 'notice-error' : 'notice-warning'}`}
      role="alert"
    >
      <p>
        <strong>
          {signedOutBlocked
            ? 'You are signed out in this tab: the silent sign-in could not reach your session.'
            : signInFailed
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
        {signedOutBlocked ? 'Sign in with a full page' : signInFailed ? 'Sign in' : 'Sign in again'}
      </button>
      {offerGrant && <StorageAccessGrant />}
    </div>
  );
}
