import { useState } from 'react';
import { ApiResult } from './ApiResult.tsx';
import { useAuth, useClientSettings } from './AuthContext.tsx';
import { type ApiCallResult, callDemoApi } from './callDemoApi.ts';
import { useCurrentPath } from './useCurrentPath.ts';

const ENDPOINTS = ['/api/profile', '/api/orders'] as const;
type Endpoint = (typeof ENDPOINTS)[number];

type CallState =
  | { phase: 'idle' }
  | { phase: 'calling'; path: Endpoint }
  | { phase: 'done'; path: Endpoint; result: ApiCallResult };

export function ApiPage() {
  const { apiUrl } = useClientSettings();
  const fetchWithAccessToken = useAuth((state) => state.fetchWithAccessToken);
  const loginAutomatically = useAuth((state) => state.loginAutomatically);
  const currentPath = useCurrentPath();
  const [call, setCall] = useState<CallState>({ phase: 'idle' });

  const callEndpoint = async (path: Endpoint) => {
    // Acting with an expired session: sign in again at the login page, automatically once.
    if (loginAutomatically(currentPath)) return;
    setCall({ phase: 'calling', path });
    const result = await callDemoApi(fetchWithAccessToken, `${apiUrl}${path}`);
    setCall({ phase: 'done', path, result });
  };

  return (
    <section aria-labelledby="api-heading">
      <h1 id="api-heading">API</h1>
      <p>
        Calls the demo API at <code>{apiUrl}</code> with the access token as a bearer token. The API
        checks the token's signature, issuer, audience, expiry and scope.
      </p>
      <div className="button-row">
        {ENDPOINTS.map((path) => (
          <button
            key={path}
            type="button"
            disabled={call.phase === 'calling'}
            onClick={() => void callEndpoint(path)}
          >
            Call {path}
          </button>
        ))}
      </div>
      <div
        className="api-result"
        data-testid="api-result"
        aria-live="polite"
        aria-busy={call.phase === 'calling'}
      >
        {call.phase === 'idle' && <p className="muted">No call made yet.</p>}
        {call.phase === 'calling' && <p>Calling {call.path}…</p>}
        {call.phase === 'done' && <ApiResult path={call.path} result={call.result} />}
      </div>
    </section>
  );
}
