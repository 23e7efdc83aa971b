import { AccessTokenExpiry } from './AccessTokenExpiry.tsx';
import { useAuth } from './AuthContext.tsx';
import { formatDateTime } from './formatTime.ts';

const TIME_CLAIMS = new Set(['exp', 'iat', 'nbf', 'auth_time', 'updated_at']);

function ClaimValue({ name, value }: { name: string; value: unknown }) {
  if (TIME_CLAIMS.has(name) && typeof value === 'number') {
    const date = new Date(value * 1000);
    return (
      <>
        <code>{value}</code>{' '}
        <time dateTime={date.toISOString()}>({formatDateTime(value * 1000)})</time>
      </>
    );
  }
  return <code>{typeof value === 'string' ? value : JSON.stringify(value)}</code>;
}

export function ProfilePage() {
  const session = useAuth((state) => state.session);
  if (!session) return null;
  const claims = Object.entries(session.idTokenClaims);

  return (
    <section aria-labelledby="profile-heading">
      <h1 id="profile-heading">Profile</h1>
      <dl className="facts">
        <dt>Signed in as</dt>
        <dd>{session.name ?? session.sub}</dd>
        <dt>Access token expires</dt>
        <dd>
          <AccessTokenExpiry />
        </dd>
        <dt>Granted scope</dt>
        <dd>
          <code>{session.scope || '(not stated)'}</code>
        </dd>
      </dl>
      <h2 id="claims-heading">ID token claims</h2>
      <table aria-labelledby="claims-heading" data-testid="id-token-claims">
        <thead>
          <tr>
            <th scope="col">Claim</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          {claims.map(([name, value]) => (
            <tr key={name} data-claim={name}>
              <th scope="row">
                <code>{name}</code>
              </th>
              <td>
                <ClaimValue name={name} value={value} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
