import { useAuth } from './AuthContext.tsx';

/** Renew on demand (the transport is chosen in the lab settings). */
export function RenewalControls() {
  const status = useAuth((state) => state.status);
  const renewNow = useAuth((state) => state.renewNow);
  const canRenew = status === 'authenticated' || status === 'expired';

  return (
    <div className="renewal-controls">
      <button type="button" disabled={!canRenew} onClick={() => void renewNow('manual')}>
        {status === 'renewing' ? 'Renewing…' : 'Renew now'}
      </button>
    </div>
  );
}
