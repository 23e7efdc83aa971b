import type { AuthFailure } from '../auth/authFailure.ts';
import { useAuth } from './AuthContext.tsx';
import { explainAuthFailure } from './explainAuthFailure.ts';

/** A failed login in plain words, the OAuth error as sent, and "Try again" (the caller titles it). */
export function LoginFailure({
  failure,
  returnPath,
}: {
  failure: AuthFailure;
  returnPath: string;
}) {
  const login = useAuth((state) => state.login);
  return (
    <div className="notice notice-error" role="alert">
      <p>{explainAuthFailure(failure)}</p>
      <dl className="facts">
        {failure.error && (
          <>
            <dt>OAuth error</dt>
            <dd>
              <code data-testid="oauth-error">{failure.error}</code>
            </dd>
          </>
        )}
        {failure.description && (
          <>
            <dt>Description</dt>
            <dd>{failure.description}</dd>
          </>
        )}
        <dt>Reason</dt>
        <dd>
          <code>{failure.reason}</code>
        </dd>
      </dl>
      <button type="button" className="primary" onClick={() => void login(returnPath)}>
        Try again
      </button>
    </div>
  );
}
