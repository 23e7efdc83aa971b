import type { LabRequest, LabResponse, LabStep } from './labRecord.ts';
import { redactAuthorization, redactForDisplay, redactUrl } from './redactForDisplay.ts';

export interface RecordedRequest {
  title: string;
  method?: string;
  url: string;
  headers?: Record<string, string>;
  /** Sent form-encoded, as OAuth clients do (RFC 6749 §4.1.3). */
  form?: Record<string, string>;
  credentials?: RequestCredentials;
  mode?: RequestMode;
}

export interface RecordedExchange {
  step: LabStep;
  /** null when the page saw no status (network error, CORS, opaque answer). */
  status: number | null;
  /** The parsed JSON body (unredacted, for the experiment's logic only), or the text. */
  body: unknown;
  headers: Headers | null;
}

export interface RecordingOptions {
  fetch: typeof fetch;
  now: () => number;
}

/**
 * Sends one HTTP request and keeps what the page could see of it for display: the request as
 * sent and the answer's status, the headers the browser let the page read (CORS hides the
 * others) and the body — every token redacted. A request the browser refused, or whose answer
 * it hid, is recorded as such rather than thrown.
 */
export async function sendRecorded(
  request: RecordedRequest,
  { fetch: fetchImpl, now }: RecordingOptions,
): Promise<RecordedExchange> {
  const method = request.method ?? (request.form ? 'POST' : 'GET');
  const headers = { ...request.headers };
  const shownHeaders: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    shownHeaders[name] =
      name.toLowerCase() === 'authorization' ? await redactAuthorization(value) : value;
  }
  let body: URLSearchParams | undefined;
  if (request.form) {
    body = new URLSearchParams(request.form);
    shownHeaders['Content-Type'] = 'application/x-www-form-urlencoded';
  }
  const labRequest: LabRequest = {
    method,
    url: await redactUrl(request.url),
    via: request.mode === 'no-cors' ? 'fetch (no-cors)' : 'fetch',
    ...(Object.keys(shownHeaders).length > 0 ? { headers: shownHeaders } : {}),
    ...(request.form ? { body: await redactForDisplay(request.form) } : {}),
  };
  const startedAt = now();
  let response: Response;
  try {
    response = await fetchImpl(request.url, {
      method,
      headers,
      ...(body ? { body } : {}),
      ...(request.credentials ? { credentials: request.credentials } : {}),
      ...(request.mode ? { mode: request.mode } : {}),
      cache: 'no-store',
    });
  } catch (error) {
    const step: LabStep = {
      title: request.title,
      request: labRequest,
      response: {
        kind: 'none',
        note: `The browser did not let the page see an answer: ${(error as Error).message || String(error)} (the server is down, or it does not allow this origin by CORS)`,
      },
      durationMs: now() - startedAt,
    };
    return { step, status: null, body: null, headers: null };
  }
  if (response.type === 'opaque' || response.type === 'opaqueredirect') {
    const step: LabStep = {
      title: request.title,
      request: labRequest,
      response: {
        kind: 'opaque',
        note: 'The request reached the server; the browser hides its answer from the page (no-cors).',
      },
      durationMs: now() - startedAt,
    };
    return { step, status: null, body: null, headers: response.headers };
  }
  const text = await response.text();
  const durationMs = now() - startedAt;
  let parsed: unknown = text;
  try {
    parsed = text === '' ? null : JSON.parse(text);
  } catch {}
  const labResponse: LabResponse = {
    kind: 'http',
    status: response.status,
    headers: Object.fromEntries(response.headers),
    body: await redactForDisplay(parsed),
  };
  return {
    step: { title: request.title, request: labRequest, response: labResponse, durationMs },
    status: response.status,
    body: parsed,
    headers: response.headers,
  };
}
