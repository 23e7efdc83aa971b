import { Link, Navigate } from 'react-router';
import { useAuth } from './AuthContext.tsx';
import { LoginFailure } from './LoginFailure.tsx';

/** What /callback shows once its loader has run: the failure, or nothing to do. */
export function CallbackPage() {
  const status = useAuth((state) => state.status);
  const failure = useAuth((state) => state.failure);
  const returnPath = useAuth((state) => state.returnPath);

  if (status === 'authenticated') return <Navigate to="/" replace />;
  return (
    <section aria-labelledby="callback-heading">
      <h1 id="callback-heading">{status === 'error' ? 'Sign-in failed' : 'Signing in'}</h1>
      {status === 'error' && failure ? (
        <LoginFailure failure={failure} returnPath={returnPath ?? '/'} />
      ) : status === 'authenticating' ? (
        <p role="status">Signing you in…</p>
      ) : (
        <p>
          There is no sign-in to finish here. <Link to="/">Back to the start page</Link>.
        </p>
      )}
    </section>
  );
}
