import { useId } from 'react';
import type { SignInMode, SilentTransportName } from '../auth/clientSettings.ts';
import {
  AUTH_HOSTS,
  type AuthHost,
  type ClientChoice,
  type DpopChoice,
} from '../auth/labSettings.ts';
import { UNFRAMEABLE_SPA_CLIENT_ID } from '../protocol/defaults.ts';
import { useAuth, useChangeSettings, useClientSettings } from './AuthContext.tsx';

const SIGN_IN_MODE_LABELS: Record<SignInMode, string> = {
  code: 'Authorization code + PKCE',
  implicit: 'Implicit (deprecated)',
};
const TRANSPORT_LABELS: Record<SilentTransportName, string> = {
  iframe: 'iframe (callback page)',
  web_message: 'web_message (checkSession)',
  fedcm: 'FedCM (Chromium only)',
};
const HOST_LABELS: Record<AuthHost, string> = {
  localhost: 'localhost (same-site)',
  '127.0.0.1': '127.0.0.1 (cross-site)',
};
const DPOP_LABELS: Record<DpopChoice, string> = {
  on: 'On (key-bound tokens)',
  off: 'Off (bearer tokens)',
};
const CLIENT_LABELS: Record<ClientChoice, string> = {
  normal: 'Normal (web origin set)',
  unframeable: 'No web origin (unframeable)',
};

function Choice<T extends string>({
  label,
  value,
  labels,
  onChange,
}: {
  label: string;
  value: T;
  labels: Record<T, string>;
  onChange: (value: T) => void;
}) {
  const id = useId();
  return (
    <div className="lab-choice">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value as T)}>
        {Object.entries<string>(labels).map(([option, text]) => (
          <option key={option} value={option}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * What to try out in this tab: the sign-in flow (code + PKCE, or the deprecated implicit flow
 * for comparison), how silent renewal travels, whether the authorization server is
 * same-site or cross-site, whether the client may be framed, and whether tokens are DPoP-bound.
 * Kept per tab; another flow, host, client or DPoP choice restarts the app with it.
 */
export function LabSettingsPanel() {
  const { authority, clientId, signInMode, dpop } = useClientSettings();
  const transport = useAuth((state) => state.silentTransport);
  const changeSettings = useChangeSettings();
  const host = new URL(authority).hostname;
  // A deployment on another host keeps its own name in the list.
  const hostLabels: Record<string, string> = (AUTH_HOSTS as readonly string[]).includes(host)
    ? HOST_LABELS
    : { [host]: host, ...HOST_LABELS };

  return (
    <section className="lab-settings" aria-labelledby="lab-settings-heading">
      <h2 id="lab-settings-heading">Lab settings</h2>
      <Choice<SignInMode>
        label="Sign-in flow"
        value={signInMode}
        labels={SIGN_IN_MODE_LABELS}
        onChange={(mode) => changeSettings({ signInMode: mode })}
      />
      {signInMode === 'implicit' ? (
        <p className="notice notice-warning" data-testid="implicit-deprecation">
          <strong>Deprecated.</strong> The implicit flow returns the tokens in the URL fragment,
          where browser history, extensions and scripts on the page can see them, and cannot use
          PKCE: the OAuth 2.0 Security BCP (RFC 9700) advises against it and OAuth 2.1 drops it.
          Shown for comparison only; it renews with checkSession (hidden iframe + web_message),
          never with a refresh token.
        </p>
      ) : (
        <Choice
          label="Silent transport"
          value={transport}
          labels={TRANSPORT_LABELS}
          onChange={(silentTransport) => changeSettings({ silentTransport })}
        />
      )}
      {signInMode === 'implicit' ? (
        <p className="notice" data-testid="dpop-not-applicable">
          <strong>DPoP (sender-constrained tokens): not applicable.</strong> The implicit flow
          cannot bind its tokens to a key: they come back in the URL, where no proof can go, so they
          stay bearer tokens that work for whoever copies them.
        </p>
      ) : (
        <Choice<DpopChoice>
          label="DPoP (sender-constrained tokens)"
          value={dpop ? 'on' : 'off'}
          labels={DPOP_LABELS}
          onChange={(choice) => changeSettings({ dpop: choice })}
        />
      )}
      <Choice
        label="Authorization server host"
        value={host}
        labels={hostLabels}
        onChange={(authHost) => changeSettings({ authHost: authHost as AuthHost })}
      />
      <Choice<ClientChoice>
        label="Client"
        value={clientId === UNFRAMEABLE_SPA_CLIENT_ID ? 'unframeable' : 'normal'}
        labels={CLIENT_LABELS}
        onChange={(client) => changeSettings({ client })}
      />
      <p className="muted">
        Kept for this tab only. Another flow, host, client or DPoP choice restarts the app (tokens
        are in memory, so it signs in again silently if it can).
      </p>
    </section>
  );
}
