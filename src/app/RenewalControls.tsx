import { useId } from 'react';
import { SILENT_TRANSPORTS, type SilentTransportName } from '../auth/clientSettings.ts';
import { useAuth } from './AuthContext.tsx';

const TRANSPORT_LABELS: Record<SilentTransportName, string> = {
  iframe: 'Hidden iframe + silent callback page',
  web_message: 'Hidden iframe + web_message (checkSession style)',
};

/** Choose the silent transport and renew on demand. */
export function RenewalControls() {
  const status = useAuth((state) => state.status);
  const transport = useAuth((state) => state.silentTransport);
  const chooseSilentTransport = useAuth((state) => state.chooseSilentTransport);
  const renewNow = useAuth((state) => state.renewNow);
  const selectId = useId();
  const canRenew = status === 'authenticated' || status === 'expired';

  return (
    <div className="renewal-controls">
      <label htmlFor={selectId}>Silent transport</label>
      <select
        id={selectId}
        value={transport}
        onChange={(event) => chooseSilentTransport(event.target.value as SilentTransportName)}
      >
        {SILENT_TRANSPORTS.map((name) => (
          <option key={name} value={name}>
            {TRANSPORT_LABELS[name]}
          </option>
        ))}
      </select>
      <button type="button" disabled={!canRenew} onClick={() => void renewNow('manual')}>
        {status === 'renewing' ? 'Renewing…' : 'Renew now'}
      </button>
    </div>
  );
}
