import { secondsUntil } from '../auth/tokenExpiry.ts';
import { useAuth } from './AuthContext.tsx';
import { formatDateTime, formatSecondsLeft } from './formatTime.ts';
import { useNow } from './useNow.ts';

/** When the access token expires, with a live countdown. */
export function AccessTokenExpiry() {
  const expiresAt = useAuth((state) => state.session?.accessTokenExpiresAt ?? null);
  const now = useNow();
  if (expiresAt === null) return <span>no access token</span>;
  const left = secondsUntil(expiresAt, now);
  return (
    <span data-testid="access-token-expiry" data-expires-at={expiresAt}>
      <time dateTime={new Date(expiresAt).toISOString()}>{formatDateTime(expiresAt)}</time>{' '}
      <span className={left === 0 ? 'status-expired' : 'muted'}>
        ({left === 0 ? 'expired' : `in ${formatSecondsLeft(left)}`})
      </span>
    </span>
  );
}
