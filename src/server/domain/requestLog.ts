import { type BoundedLog, createBoundedLog } from './boundedLog.ts';

/** One request as the control API shows it: secrets in the query are redacted. */
export interface RequestLogEntry {
  seq: number;
  /** When it arrived, by the server's clock (ISO 8601). */
  time: string;
  method: string;
  path: string;
  /** A repeated parameter gives an array. */
  query: Record<string, string | string[]>;
  /** null while the answer is pending (a hang, a delay). */
  status: number | null;
  durationMs: number | null;
  /** Sec-Fetch-Dest / Sec-Fetch-Site, as the browser sent them (null when absent). */
  secFetchDest: string | null;
  secFetchSite: string | null;
  /** Set when a control fault shaped the answer, e.g. `error login_required`, `delay 200ms`. */
  fault?: string;
  /** Set when simulated cookie blocking dropped this request's cookies. */
  cookiesIgnored?: true;
}

export const REDACTED = '[redacted]';
export const REQUEST_LOG_LIMIT = 1_000;

const SECRET_NAMES = new Set(['code', 'token', 'password', 'id_token_hint', 'login_hint_token']);

/**
 * Parameters that carry a credential (codes, tokens, secrets, PKCE verifiers, assertions, user
 * and device codes) are never written to the log: a test report is often shared or uploaded.
 */
export const isSecretParameter = (name: string): boolean => {
  const lower = name.toLowerCase();
  return SECRET_NAMES.has(lower) || /_(token|secret|code|verifier|assertion)$/.test(lower);
};

export function redactQuery(params: URLSearchParams): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const name of new Set(params.keys())) {
    const values = params.getAll(name).map((value) => (isSecretParameter(name) ? REDACTED : value));
    query[name] = values.length === 1 ? (values[0] ?? '') : values;
  }
  return query;
}

export type RequestLog = BoundedLog<Omit<RequestLogEntry, 'seq'>>;

export const createRequestLog = (limit = REQUEST_LOG_LIMIT): RequestLog => createBoundedLog(limit);
