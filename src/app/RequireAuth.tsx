import { type ReactNode, useEffect, useState } from 'react';
import { isTransientFailure } from '../auth/authFailure.ts';
import { useAuth } from './AuthContext.tsx';
import { LoginFailure } from './LoginFailure.tsx';
import { useCurrentPath } from './useCurrentPath.ts';

/**
 * Shows `children` to a signed-in user. An anonymous visitor is sent to the login page and
 * brought back here — once per tab (coming back from the login page without signing in must
 * not send them there again), and not when they just logged out, when sending them straight
 * back to the login page would be rude (and, with another tab logging out, a loop), nor while the
 * server could not be reached.
 */
export function RequireAuth({ children }: { children: ReactNode }) {
  const status = useAuth((state) => state.status);
  const loggedOutBy = useAuth((state) => state.loggedOutBy);
  const failure = useAuth((state) => state.failure);
  const returnPath = useAuth((state) => state.returnPath);
  const login = useAuth((state) => state.login);
  const loginAutomatically = useAuth((state) => state.loginAutomatically);
  const currentPath = useCurrentPath();
  const [refused, setRefused] = useState(false);
  // While a silent sign-in that could not reach the server is retried, the login page would not
  // load either: the notice says what happens, and the retry may sign in by itself.
  const retrying = failure !== null && isTransientFailure(failure);
  const redirectNow = status === 'anonymous' && loggedOutBy === null && !refused && !retrying;

  useEffect(() => {
    if (redirectNow && !loginAutomatically(currentPath)) setRefused(true);
  }, [redirectNow, loginAutomatically, currentPath]);

  switch (status) {
    case 'authenticated':
    case 'renewing':
    case 'expired':
      return children;
    case 'authenticating':
      return <p role="status">Signing you in…</p>;
    case 'error':
      return (
        <section aria-labelledby="login-failed-heading">
          <h1 id="login-failed-heading">Sign-in failed</h1>
          {failure && <LoginFailure failure={failure} returnPath={returnPath ?? currentPath} />}
        </section>
      );
    case 'anonymous':
      return redirectNow ? (
        <p role="status">Taking you to the sign-in page…</p>
      ) : (
        <div className="notice">
          <p>
            You are signed out
            {loggedOutBy === 'other_tab' ? ' (you logged out in another tab)' : ''}. This page needs
            you to sign in.
          </p>
          <button type="button" className="primary" onClick={() => void login(currentPath)}>
            Sign in to see this page
          </button>
        </div>
      );
  }
}
