import { SILENT_CALLBACK_MESSAGE_SOURCE } from '../../auth/iframeRedirectTransport.ts';
import type { LabResponse, LabStep, Observation } from '../../lab/labRecord.ts';
import { messageFields, splitUrl } from './splitUrl.ts';

const FLAG_TEXT: Record<NonNullable<Observation['flag']>, string> = {
  ok: '✓',
  bad: '✗',
  info: 'i',
};
const FLAG_WORDS: Record<NonNullable<Observation['flag']>, string> = {
  ok: 'as the rule says',
  bad: 'against the rule',
  info: 'note',
};

const pretty = (value: unknown) =>
  typeof value === 'string' ? value : JSON.stringify(value, null, 2);

function statusClass(status: number) {
  if (status >= 500) return 'http-status http-5xx';
  if (status >= 400) return 'http-status http-4xx';
  return 'http-status http-2xx';
}

function ResponseLine({ response }: { response: LabResponse }) {
  switch (response.kind) {
    case 'http': {
      const error = (response.body as { error?: unknown } | null)?.error;
      return (
        <>
          <span className={statusClass(response.status)}>HTTP {response.status}</span>
          {typeof error === 'string' && (
            <>
              {' '}
              <code>{error}</code>
            </>
          )}
        </>
      );
    }
    case 'message':
      return (response.body as { source?: unknown } | null)?.source ===
        SILENT_CALLBACK_MESSAGE_SOURCE ? (
        <>
          a message from this app's silent callback page (<code>{response.origin}</code>), where the
          server redirected the frame
        </>
      ) : (
        <>
          a message from <code>{response.origin}</code>
        </>
      );
    case 'credential':
      return (
        <>the browser's credential (its own requests to the server stay hidden from the page)</>
      );
    case 'opaque':
      return <>hidden from the page: {response.note}</>;
    case 'none':
      return <>nothing: {response.note}</>;
  }
}

function Params({ params, label }: { params: [string, string][]; label: string }) {
  if (params.length === 0) return null;
  return (
    <dl className="params" aria-label={label}>
      {params.map(([name, value], index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a parameter may repeat; the order is fixed
        <div key={`${name}-${index}`}>
          <dt>{name}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function SentLine({ method, url, via }: { method: string; url: string; via: string }) {
  const { base, params, in: where } = splitUrl(url);
  return (
    <>
      <p className="step-line">
        <span className="step-label">Sent</span> <code className="method">{method}</code>{' '}
        <code className="url">{base}</code> <span className="muted">({via})</span>
      </p>
      {params.length > 0 && (
        <dl
          className="params"
          aria-label={where === 'fragment' ? 'Fragment parameters' : 'Query parameters'}
        >
          {params.map(([name, value], index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a parameter may repeat; the order is fixed
            <div key={`${name}-${index}`}>
              <dt>{name}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      )}
    </>
  );
}

/** One request of an experiment and its answer: a line each, then everything in full on demand. */
export function StepView({ step }: { step: LabStep }) {
  const { request, response } = step;
  const full =
    request?.headers ||
    request?.body !== undefined ||
    (response && (response.kind === 'http' || response.kind === 'message'));
  return (
    <li className="step" data-testid="experiment-step">
      <h5 className="step-title">
        {step.title}
        {step.durationMs !== undefined && (
          <span className="step-time"> · {step.durationMs} ms</span>
        )}
      </h5>
      {request && <SentLine method={request.method} url={request.url} via={request.via} />}
      {response && (
        <p
          className="step-line"
          data-testid="step-response"
          data-kind={response.kind}
          data-status={response.kind === 'http' ? response.status : undefined}
        >
          <span className="step-label">Came back</span> <ResponseLine response={response} />
        </p>
      )}
      {response?.kind === 'message' && (
        <Params params={messageFields(response.body)} label="What the message carried" />
      )}
      {response?.kind === 'credential' && (
        <Params params={messageFields(response.body)} label="What the credential carried" />
      )}
      {step.note && <p className="muted">{step.note}</p>}
      {step.observations && step.observations.length > 0 && (
        <ul className="observations">
          {step.observations.map((observation) => (
            <li
              key={observation.label}
              className={observation.flag ? `observation flag-${observation.flag}` : 'observation'}
              data-flag={observation.flag}
            >
              {observation.flag && (
                <span className="flag" title={FLAG_WORDS[observation.flag]}>
                  <span aria-hidden="true">{FLAG_TEXT[observation.flag]}</span>
                  <span className="visually-hidden">{FLAG_WORDS[observation.flag]}: </span>
                </span>
              )}
              <span className="observation-label">{observation.label}</span>: {observation.value}
            </li>
          ))}
        </ul>
      )}
      {full && (
        <details className="exchange">
          <summary>Request and answer in full</summary>
          {request?.headers && (
            <>
              <h6>Request headers</h6>
              <pre>{pretty(request.headers)}</pre>
            </>
          )}
          {request?.body !== undefined && (
            <>
              <h6>Request body</h6>
              <pre>{pretty(request.body)}</pre>
            </>
          )}
          {response?.kind === 'http' && (
            <>
              <h6>Response headers the page could read</h6>
              <pre>{pretty(response.headers)}</pre>
              <h6>Response body (tokens decoded or fingerprinted)</h6>
              <pre>{pretty(response.body)}</pre>
            </>
          )}
          {response?.kind === 'message' && (
            <>
              <h6>Message data (tokens decoded or fingerprinted)</h6>
              <pre>{pretty(response.body)}</pre>
            </>
          )}
        </details>
      )}
    </li>
  );
}
