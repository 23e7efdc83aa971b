import { useId } from 'react';
import type { SilentTransportName } from '../auth/clientSettings.ts';
import { AUTH_HOSTS, type AuthHost, type ClientChoice } from '../auth/labSettings.ts';
import { UNFRAMEABLE_SPA_CLIENT_ID } from '../protocol/defaults.ts';
import { useAuth, useChangeSettings, useClientSettings } from './AuthContext.tsx';

const TRANSPORT_LABELS: Record<SilentTransportName, string> = {
  iframe: 'iframe + silent callback page',
  web_message: 'iframe + web_message (checkSession)',
};
const HOST_LABELS: Record<AuthHost, string> = {
  localhost: 'localhost (same-site)',
  '127.0.0.1': '127.0.0.1 (cross-site)',
};
const CLIENT_LABELS: Record<ClientChoice, string> = {
  normal: 'Normal (web origin registered)',
  unframeable: 'Without a web origin (cannot be framed)',
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
 * What to try out in this tab: how silent renewal travels, whether the authorization server is
 * same-site or cross-site, and whether the client may be framed. Kept per tab; another host or
 * client restarts the app with it.
 */
export function LabSettingsPanel() {
  const { authority, clientId } = useClientSettings();
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
      <Choice
        label="Silent transport"
        value={transport}
        labels={TRANSPORT_LABELS}
        onChange={(silentTransport) => changeSettings({ silentTransport })}
      />
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
        Kept for this tab only. Another host or client restarts the app (tokens are in memory, so it
        signs in again silently if it can).
      </p>
    </section>
  );
}
