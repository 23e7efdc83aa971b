import { secondsUntil } from '../../auth/tokenExpiry.ts';
import { useAuth } from '../AuthContext.tsx';
import { formatClockTime, formatDateTime, formatSecondsLeft } from '../formatTime.ts';
import { useNow } from '../useNow.ts';
import { type InspectedToken, inspectSession } from './inspectSession.ts';

const TIME_CLAIMS = new Set(['exp', 'iat', 'nbf', 'auth_time', 'updated_at']);

function ClaimsTable({ caption, values }: { caption: string; values: Record<string, unknown> }) {
  return (
    <table className="claims">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Value</th>
        </tr>
      </thead>
      <tbody>
        {Object.entries(values).map(([name, value]) => (
          <tr key={name} data-claim={name}>
            <th scope="row">
              <code>{name}</code>
            </th>
            <td>
              <code>{typeof value === 'string' ? value : JSON.stringify(value)}</code>
              {TIME_CLAIMS.has(name) && typeof value === 'number' && (
                <span className="muted"> ({formatDateTime(value * 1000)})</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Countdown({ expiresAt, now }: { expiresAt: number | null; now: number }) {
  if (expiresAt === null) return <span className="muted">unknown</span>;
  const left = secondsUntil(expiresAt, now);
  return (
    <>
      <time dateTime={new Date(expiresAt).toISOString()}>{formatDateTime(expiresAt)}</time>{' '}
      <span
        className={left <= 0 ? 'countdown countdown-expired' : 'countdown'}
        data-testid="token-countdown"
      >
        {left <= 0 ? '(expired)' : `(in ${formatSecondsLeft(left)})`}
      </span>
    </>
  );
}

function TokenPanel({ token, now }: { token: InspectedToken; now: number }) {
  return (
    <div className="token-panel" data-testid="inspected-token" data-token={token.name}>
      <h3>{token.name}</h3>
      <dl className="facts">
        <dt>Expires</dt>
        <dd>
          <Countdown expiresAt={token.expiresAt} now={now} />
        </dd>
        {token.issuedAt !== null && (
          <>
            <dt>Issued</dt>
            <dd>
              <time dateTime={new Date(token.issuedAt).toISOString()}>
                {formatClockTime(token.issuedAt)}
              </time>
            </dd>
          </>
        )}
      </dl>
      {token.header && token.claims ? (
        <>
          <ClaimsTable caption={`${token.name}: header`} values={token.header} />
          <ClaimsTable caption={`${token.name}: claims`} values={token.claims} />
        </>
      ) : (
        <p className="muted">
          Not a JWT: this access token is opaque to the app (RFC 6749 §1.4), so there is nothing to
          decode; only its expiry and scope are known.
        </p>
      )}
    </div>
  );
}

/** The current tokens, decoded, with their expiry counting down. Never a raw token. */
export function TokenInspector() {
  const session = useAuth((state) => state.session);
  const now = useNow();
  return (
    <section
      className="lab-panel"
      aria-labelledby="inspector-heading"
      data-testid="token-inspector"
    >
      <h2 id="inspector-heading">Token inspector</h2>
      {session ? (
        <>
          <p>
            Scope: <code>{session.scope || '(not stated)'}</code>
          </p>
          <div className="token-panels">
            {inspectSession(session).map((token) => (
              <TokenPanel key={token.name} token={token} now={now} />
            ))}
          </div>
        </>
      ) : (
        <p className="empty-state">
          No tokens in this tab: you are not signed in. Sign in to see them decoded here.
        </p>
      )}
    </section>
  );
}
