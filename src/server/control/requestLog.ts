import { createBoundedLog } from './boundedLog.ts';

type Parameters = Record<string, string | string[]>;

/** What an entry says of a request and its answer, the same recorded and listed. */
interface RequestSummary {
  method: string;
  path: string;
  /** null while the answer is pending (a hang, a delay). */
  status: number | null;
  durationMs: number | null;
  /** Sec-Fetch-Dest / Sec-Fetch-Site, as the browser sent them (null when absent). */
  secFetchDest: string | null;
  secFetchSite: string | null;
  /** Sec-Fetch-Storage-Access as the browser sent it: none, inactive, active (null when absent). */
  secFetchStorageAccess: string | null;
  /** The Activate-Storage-Access header we answered with, e.g. `retry; allowed-origin="…"`. */
  activateStorageAccess?: string;
  /** Set when a control fault shaped the answer, e.g. `error login_required`, `delay 200ms`. */
  fault?: string;
  /** Set when simulated cookie blocking dropped this request's cookies. */
  cookiesIgnored?: true;
}

/** One request as the control API shows it: secrets in its parameters are redacted. */
export interface RequestLogEntry extends RequestSummary {
  seq: number;
  /** When it arrived, by the server's clock (ISO 8601). */
  time: string;
  /** A repeated parameter gives an array. */
  query: Parameters;
  /**
   * The parameters of a form or JSON body, when the endpoint read one (the token endpoint, the
   * login form, ...); a repeated parameter gives an array.
   */
  body?: Parameters;
}

/**
 * A request as recorded while it is served: the raw parts, cheap to take. Redacting and
 * formatting wait until someone lists the log, which is rare next to the requests.
 */
export interface RecordedRequest extends RequestSummary {
  /** Epoch ms by the server's clock. */
  at: number;
  /** The query string, without its `?`. */
  search: string;
  /** The body's parameters as the endpoint parsed them. */
  body?: Iterable<readonly [string, string]>;
}

export interface RequestLog {
  /** Adds a request and returns it as stored, so it can be completed later. */
  append(request: RecordedRequest): RecordedRequest;
  /** Oldest first; only those after `afterSeq` when given. */
  list(afterSeq?: number): RequestLogEntry[];
  dropped(): number;
  clear(): void;
}

export const REDACTED = '[redacted]';
export const REQUEST_LOG_LIMIT = 1_000;

/** `csrf`: the hosted pages' login CSRF token. */
const SECRET_NAMES = new Set([
  'code',
  'token',
  'password',
  'id_token_hint',
  'login_hint_token',
  'csrf',
]);

/**
 * Parameters that carry a credential (codes, tokens, secrets, PKCE verifiers, assertions, user
 * and device codes) are never written to the log: a test report is often shared or uploaded.
 */
export const isSecretParameter = (name: string): boolean => {
  const lower = name.toLowerCase();
  return SECRET_NAMES.has(lower) || /_(token|secret|code|verifier|assertion)$/.test(lower);
};

/** Query or body parameters with their secrets redacted; a repeated name gives an array. */
export function redactParameters(entries: Iterable<readonly [string, string]>): Parameters {
  // No prototype: a parameter named `constructor` or `__proto__` is a parameter like any other.
  const parameters: Parameters = Object.create(null);
  for (const [name, sent] of entries) {
    const value = isSecretParameter(name) ? REDACTED : sent;
    const earlier = parameters[name];
    if (earlier === undefined) parameters[name] = value;
    else if (Array.isArray(earlier)) earlier.push(value);
    else parameters[name] = [earlier, value];
  }
  return parameters;
}

const entryOf = ({ at, search, body, ...rest }: RecordedRequest & { seq: number }) => ({
  seq: rest.seq,
  time: new Date(at).toISOString(),
  method: rest.method,
  path: rest.path,
  query: redactParameters(new URLSearchParams(search)),
  ...(body === undefined ? {} : { body: redactParameters(body) }),
  status: rest.status,
  durationMs: rest.durationMs,
  secFetchDest: rest.secFetchDest,
  secFetchSite: rest.secFetchSite,
  secFetchStorageAccess: rest.secFetchStorageAccess,
  ...(rest.activateStorageAccess === undefined
    ? {}
    : { activateStorageAccess: rest.activateStorageAccess }),
  ...(rest.fault === undefined ? {} : { fault: rest.fault }),
  ...(rest.cookiesIgnored ? { cookiesIgnored: true as const } : {}),
});

export function createRequestLog(limit = REQUEST_LOG_LIMIT): RequestLog {
  const log = createBoundedLog<RecordedRequest>(limit);
  return {
    append: (request) => log.append(request),
    list: (afterSeq) => log.list(afterSeq).map(entryOf),
    dropped: () => log.dropped(),
    clear: () => log.clear(),
  };
}
