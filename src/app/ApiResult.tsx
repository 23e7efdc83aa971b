import type { ApiCallResult } from './callDemoApi.ts';

/** The outcome of an API call: the JSON answer, or the HTTP status and the error. */
export function ApiResult({ path, result }: { path: string; result: ApiCallResult }) {
  switch (result.kind) {
    case 'ok':
      return (
        <>
          <p>
            <code>GET {path}</code> → <strong>HTTP {result.status}</strong>
          </p>
          <pre>{JSON.stringify(result.body, null, 2)}</pre>
        </>
      );
    case 'http_error':
      return (
        <>
          <p>
            <code>GET {path}</code> →{' '}
            <strong className="status-error">
              HTTP {result.status}
              {result.statusText ? ` ${result.statusText}` : ''}
            </strong>
          </p>
          <dl className="facts">
            {result.error && (
              <>
                <dt>Error</dt>
                <dd>
                  <code>{result.error}</code>
                </dd>
              </>
            )}
            {result.description && (
              <>
                <dt>Description</dt>
                <dd>{result.description}</dd>
              </>
            )}
            {result.challenge && (
              <>
                <dt>WWW-Authenticate</dt>
                <dd>
                  <code>{result.challenge}</code>
                </dd>
              </>
            )}
          </dl>
        </>
      );
    case 'not_sent':
      return <p className="status-error">Not sent: {result.message}</p>;
    case 'network_error':
      return <p className="status-error">{result.message}</p>;
  }
}
