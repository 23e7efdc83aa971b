import { useEffect, useState } from 'react';
import type { Session } from '../../auth/session.ts';
import { secondsUntil } from '../../auth/tokenExpiry.ts';
import { dpopBindingOf, readTabDpopThumbprint } from '../../lab/readTabDpopThumbprint.ts';
import { useAuth, useClientSettings } from '../AuthContext.tsx';
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

/**
 * Whether the access token is bound to this browser's DPoP key: its `cnf.jkt` beside the
 * thumbprint of the key the tab holds (read from the app's key store), and `token_type`.
 */
function DpopBindingFacts({ session }: { session: Session }) {
  const { clientId, signInMode } = useClientSettings();
  const [held, setHeld] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    let current = true;
    readTabDpopThumbprint(clientId).then(
      (jkt) => current && setHeld(jkt),
      () => current && setHeld(null),
    );
    return () => {
      current = false;
    };
  }, [clientId]);
  const binding = dpopBindingOf(session.accessTokenClaims, held ?? null);
  return (
    <div className="dpop-binding" data-testid="dpop-binding" data-binding={binding.kind}>
      <h3>DPoP binding</h3>
      <dl className="facts">
        <dt>token_type</dt>
        <dd>
          <code data-testid="token-type">{session.tokenType ?? '(not stated)'}</code>
        </dd>
        <dt>
          Access token <code>cnf.jkt</code>
        </dt>
        <dd>
          <code data-testid="cnf-jkt">{binding.kind === 'bearer' ? '(none)' : binding.jkt}</code>
        </dd>
        <dt>This tab’s key (thumbprint)</dt>
        <dd>
          <code data-testid="held-jkt">
            {held === undefined ? '…' : (held ?? '(no key in this browser)')}
          </code>
        </dd>
      </dl>
      <p className={binding.kind === 'other-key' ? 'notice notice-warning' : 'muted'}>
        {binding.kind === 'bound' &&
          'Bound to this browser’s key: a copy of this token is refused without a proof signed by the key, which cannot be read out of the browser.'}
        {binding.kind === 'other-key' &&
          'Bound to another key than the one this tab holds: the API will refuse it from here.'}
        {binding.kind === 'bearer' &&
          (signInMode === 'implicit'
            ? 'Not bound: the implicit flow cannot bind tokens (they come back in the URL, where no proof can go). Anyone who copies this token can use it until it expires.'
            : 'Not bound (a bearer token): anyone who copies it can use it until it expires. Turn DPoP on in the lab settings to bind it.')}
      </p>
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
          <DpopBindingFacts session={session} />
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
