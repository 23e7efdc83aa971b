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
  /** Thumbprint of the key a DPoP header named (the proof itself is never kept). */
  dpopJkt?: string;
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
  /** The body's parameters as the endpoint parsed them, capped (capLoggedParameters). */
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
/**
 * What one entry keeps of a body: a value past LOGGED_VALUE_CHARS is cut and says how long it
 * was, and parameters past LOGGED_BODY_CHARS in all are left out and counted. A test reads the
 * log to see which parameters came, not to get 60 KB values back (1,000 such entries listed
 * as 61.7 MB).
 */
export const LOGGED_VALUE_CHARS = 256;
export const LOGGED_BODY_CHARS = 4_096;
/** Beside the entry count, the log's memory: about this many bytes of entries at most. */
export const REQUEST_LOG_BYTES = 4 * 1024 * 1024;
/** The name of the parameter that says what a capped body left out. */
export const TRUNCATED = '[truncated]';
/** What an entry's fixed fields (method, status, times, ...) cost beside its strings. */
const ENTRY_OVERHEAD_BYTES = 256;

const utf8Bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** A body's parameters as one log entry keeps them (see LOGGED_BODY_CHARS). */
export function capLoggedParameters(
  entries: Iterable<readonly [string, string]>,
): [string, string][] {
  const kept: [string, string][] = [];
  let size = 0;
  let leftOut = 0;
  let leftOutBytes = 0;
  for (const [name, value] of entries) {
    if (size > LOGGED_BODY_CHARS) {
      leftOut += 1;
      leftOutBytes += utf8Bytes(name) + utf8Bytes(value);
      continue;
    }
    const cutName = name.length > LOGGED_VALUE_CHARS ? cut(name) : name;
    const cutValue = value.length > LOGGED_VALUE_CHARS ? cut(value) : value;
    kept.push([cutName, cutValue]);
    size += cutName.length + cutValue.length;
  }
  if (leftOut > 0) {
    kept.push([TRUNCATED, `${leftOut} more parameters, ${leftOutBytes} bytes`]);
  }
  return kept;
}

const cut = (text: string) =>
  `${text.slice(0, LOGGED_VALUE_CHARS)}… (truncated, ${utf8Bytes(text)} bytes)`;

/** About what a recorded request holds in memory (its strings; 2 bytes a character). */
function weighRecordedRequest({ search, path, body }: RecordedRequest): number {
  let chars = search.length + path.length;
  if (Array.isArray(body)) {
    for (const [name, value] of body as [string, string][]) chars += name.length + value.length;
  }
  return ENTRY_OVERHEAD_BYTES + 2 * chars;
}

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
  query: redactParameters(capLoggedParameters(new URLSearchParams(search))),
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
  ...(rest.dpopJkt === undefined ? {} : { dpopJkt: rest.dpopJkt }),
});

export function createRequestLog(
  limit = REQUEST_LOG_LIMIT,
  maxBytes = REQUEST_LOG_BYTES,
): RequestLog {
  const log = createBoundedLog<RecordedRequest>(limit, {
    maxBytes,
    weigh: weighRecordedRequest,
  });
  return {
    append: (request) => log.append(request),
    list: (afterSeq) => log.list(afterSeq).map(entryOf),
    dropped: () => log.dropped(),
    clear: () => log.clear(),
  };
}
