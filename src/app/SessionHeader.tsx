import type { AuthStatus } from '../auth/authMachine.ts';
import { useAuth } from './AuthContext.tsx';
import { useCurrentPath } from './useCurrentPath.ts';

const SIGNED_IN: readonly AuthStatus[] = ['authenticated', 'renewing', 'expired'];

/** Auth status, who is signed in, and the Log in / Log out button. */
export function SessionHeader() {
  const status = useAuth((state) => state.status);
  const email = useAuth((state) => state.session?.email ?? state.session?.sub ?? null);
  const login = useAuth((state) => state.login);
  const logout = useAuth((state) => state.logout);
  const currentPath = useCurrentPath();
  const signedIn = SIGNED_IN.includes(status);

  return (
    <div className="session-header">
      <span className="session-status">
        Status:{' '}
        <strong data-testid="auth-status" className={`status status-${status}`}>
          {status}
        </strong>
      </span>
      {signedIn && email && (
        <span className="session-user" data-testid="user-email">
          {email}
        </span>
      )}
      {signedIn ? (
        <button type="button" onClick={() => void logout()}>
          Log out
        </button>
      ) : (
        <button
          type="button"
          className="primary"
          disabled={status === 'authenticating'}
          onClick={() => void login(currentPath === '/callback' ? '/' : currentPath)}
        >
          Log in
        </button>
      )}
    </div>
  );
}
