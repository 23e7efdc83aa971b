/** A typed client for the authorization server's `/__control` API (tests steer the server with it). */
import type {
  ClientConfig,
  ClientConfigInput,
  UserConfig,
  UserConfigInput,
} from '../server/config.ts';
import type {
  ClockSummary,
  RefreshTokenSelector,
  RefreshTokenSummary,
} from '../server/control/control.ts';
import type { CookieBlockingMode } from '../server/control/cookieBlocking.ts';
import type { RecordedEvent } from '../server/control/eventTimeline.ts';
import type { FaultRule, ForceableError } from '../server/control/faults.ts';
import type { RequestLogEntry } from '../server/control/requestLog.ts';

export type {
  ClientConfigInput,
  ClockSummary,
  CookieBlockingMode,
  FaultRule,
  ForceableError,
  RecordedEvent,
  RefreshTokenSelector,
  RefreshTokenSummary,
  RequestLogEntry,
  UserConfigInput,
};

export interface Lifetimes {
  accessTokenSeconds?: number;
  idTokenSeconds?: number;
  codeSeconds?: number;
}

export interface RateLimit {
  limit: number;
  windowSeconds: number;
}

/** A user as the control API returns it (no password). */
export type RegisteredUser = Omit<UserConfig, 'password'>;
/** A client as the control API returns it (no secret). */
export type RegisteredClient = Omit<ClientConfig, 'clientSecret'>;

/** The server session cookie, ready for a browser (e.g. Playwright's `context.addCookies`). */
export interface SessionCookie {
  name: string;
  value: string;
  path: string;
  httpOnly: boolean;
  secure: boolean;
  sameSite: 'Lax' | 'None';
  maxAgeSeconds: number;
  /** Epoch seconds. */
  expires: number;
}

export interface CreatedSession {
  sessionId: string;
  userId: string;
  /** The SameSite=Lax session cookie (top level and same-site frames). */
  cookie: SessionCookie;
  /**
   * Every cookie the login page would set: `cookie`, and the same session as a
   * `SameSite=None; Secure` cookie, the only kind a cross-site frame with storage access gets.
   */
  cookies: SessionCookie[];
}

/** Which requests a fault applies to. */
export interface FaultTarget {
  /** Query parameters the request must carry with these values, e.g. `{ prompt: 'none' }`. */
  query?: Record<string, string>;
  /** How many matching requests it shapes (default 1); null: every one until cleared or reset. */
  times?: number | null;
}

export type FaultInput = FaultTarget & { path: string } & (
    | { type: 'error'; error: ForceableError; description?: string; retryAfterSeconds?: number }
    | { type: 'hang' }
    | { type: 'delay'; ms: number }
  );

/** Only the entries after this sequence number (from an earlier listing). */
export interface LogQuery {
  after?: number;
}

export class ControlError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    path: string,
  ) {
    super(`control ${path} answered ${status}: ${JSON.stringify(body)}`);
    this.name = 'ControlError';
  }
}

/** The server's DPoP settings as the control API reports them. */
export interface DpopSummary {
  requireNonce: boolean;
  nonceRotationSeconds: number;
  proofMaxAgeSeconds: number;
  replayCacheEntries: number;
  /** How many proof `jti`s the replay cache holds now. */
  replayCacheSize: number;
  /** The nonce handed out now. */
  nonce: string;
}

export interface ControlClient {
  health(): Promise<{ ok: true }>;
  /**
   * Back to the configured state: no sessions, codes, grants, refresh tokens; configured
   * lifetimes, limits, users and clients; real clock; no faults or cookie blocking; empty logs.
   */
  reset(): Promise<void>;

  getLifetimes(): Promise<Required<Lifetimes>>;
  setLifetimes(lifetimes: Lifetimes): Promise<Required<Lifetimes>>;
  /** DPoP nonces (RFC 9449 §8): require them, change their rotation, or rotate one now. */
  setDpop(settings: {
    requireNonce?: boolean;
    nonceRotationSeconds?: number;
    rotateNonce?: true;
  }): Promise<DpopSummary>;
  getDpop(): Promise<DpopSummary>;
  /** null turns a limit off; an absent one is left as it is. */
  setRateLimits(limits: {
    refreshToken?: RateLimit | null;
    client?: RateLimit | null;
  }): Promise<{ refreshToken: RateLimit | null; client: RateLimit | null }>;

  /** A server session for a user (by `userId` or `email`), and its cookie, without the login page. */
  createSession(who: { userId: string } | { email: string }): Promise<CreatedSession>;
  /** Ends one user's sessions (by `sub`), or every session. Returns how many ended. */
  endSessions(options?: { userId?: string }): Promise<number>;
  /** Forgets consents (all, or one user's and/or one client's). Returns how many. */
  revokeGrants(filter?: { userId?: string; clientId?: string }): Promise<number>;
  listRefreshTokens(filter?: {
    userId?: string;
    clientId?: string;
  }): Promise<RefreshTokenSummary[]>;
  /** Revokes the device credentials matching every field given (all when none). */
  revokeRefreshTokens(selector?: RefreshTokenSelector): Promise<number>;

  /** Creates a user or replaces the one with its userId (validated like the config file's). */
  saveUser(user: UserConfigInput): Promise<{ user: RegisteredUser; created: boolean }>;
  updateUser(userId: string, changes: Partial<UserConfigInput>): Promise<RegisteredUser>;
  /** Creates a client or replaces the one with its clientId (validated like the config file's). */
  saveClient(client: ClientConfigInput): Promise<{ client: RegisteredClient; created: boolean }>;
  updateClient(clientId: string, changes: Partial<ClientConfigInput>): Promise<RegisteredClient>;

  /** The next matching response(s) of `path` (e.g. `/authorize`, `/oauth/token`) are this error. */
  forceError(
    path: string,
    error: ForceableError,
    target?: FaultTarget & {
      description?: string;
      /** too_many_requests only: the `Retry-After` (default: to the rate limit window's end). */
      retryAfterSeconds?: number;
    },
  ): Promise<FaultRule>;
  /** The next matching request(s) of `path` get no answer until reset, clearFaults or close. */
  hang(path: string, target?: FaultTarget): Promise<FaultRule>;
  /** The next matching response(s) of `path` come `ms` late. */
  delay(path: string, ms: number, target?: FaultTarget): Promise<FaultRule>;
  /** Every response (of `path`, default all endpoints) comes `ms` late, until reset or for `times`. */
  setLatency(ms: number, target?: FaultTarget & { path?: string }): Promise<FaultRule>;
  addFault(fault: FaultInput): Promise<FaultRule>;
  listFaults(): Promise<FaultRule[]>;
  /** Drops every fault; hung requests go on. */
  clearFaults(): Promise<void>;

  getClock(): Promise<ClockSummary>;
  /** The server runs this many seconds ahead of real time (behind when negative); unfreezes. */
  setClockOffset(seconds: number): Promise<ClockSummary>;
  /** The server's time stands still at `at` (default: its current time). */
  freezeClock(at?: Date | string | number): Promise<ClockSummary>;
  /** Moves the server's time forward (frozen or not). */
  advanceClock(seconds: number): Promise<ClockSummary>;
  resetClock(): Promise<ClockSummary>;

  /** Ignore cookies on cross-site framed requests, on all framed requests, or not at all. */
  setCookieBlocking(mode: CookieBlockingMode): Promise<void>;

  /**
   * The request log (secrets redacted, long values cut), oldest first; bounded to the newest
   * 1,000 that fit in about 4 MB.
   */
  requests(query?: LogQuery): Promise<RequestLogEntry[]>;
  /** The event timeline, oldest first; bounded to the newest 1,000. */
  events(query?: LogQuery): Promise<RecordedEvent[]>;
}

export interface ControlClientOptions {
  fetch?: typeof fetch;
  /** Sent as `Authorization: Bearer <token>` when the server requires a control token. */
  token?: string;
}

export function createControlClient(
  baseUrl: string,
  options: ControlClientOptions | typeof fetch = {},
): ControlClient {
  const { fetch: fetchImpl = fetch, token } =
    typeof options === 'function' ? { fetch: options, token: undefined } : options;
  const root = `${baseUrl.replace(/\/+$/, '')}/__control`;
  async function call<T>(
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    body?: unknown,
  ): Promise<T> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (token !== undefined) headers.Authorization = `Bearer ${token}`;
    const response = await fetchImpl(`${root}/${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {}
    if (!response.ok) throw new ControlError(response.status, parsed, path);
    return parsed as T;
  }
  const post = <T>(path: string, body: unknown = {}) => call<T>('POST', path, body);
  const after = (query: LogQuery = {}) =>
    query.after === undefined ? '' : `?after=${query.after}`;
  const clock = async (body: unknown) => (await post<{ clock: ClockSummary }>('clock', body)).clock;
  const fault = async (body: FaultInput) =>
    (await post<{ fault: FaultRule }>('faults', body)).fault;
  const filterQuery = (filter: Record<string, string | undefined>) => {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(filter)) if (value) search.set(name, value);
    return search.size === 0 ? '' : `?${search}`;
  };

  return {
    health: () => call('GET', 'health'),
    reset: async () => {
      await post('reset');
    },

    getLifetimes: async () =>
      (await call<{ lifetimes: Required<Lifetimes> }>('GET', 'lifetimes')).lifetimes,
    setLifetimes: async (lifetimes) =>
      (await post<{ lifetimes: Required<Lifetimes> }>('lifetimes', lifetimes)).lifetimes,
    setDpop: async (settings) => (await post<{ dpop: DpopSummary }>('dpop', settings)).dpop,
    getDpop: async () => (await call<{ dpop: DpopSummary }>('GET', 'dpop')).dpop,
    setRateLimits: async (limits) =>
      (
        await post<{ rateLimits: { refreshToken: RateLimit | null; client: RateLimit | null } }>(
          'rate-limits',
          limits,
        )
      ).rateLimits,

    createSession: async (who) => {
      const { sessionId, userId, cookie, cookies } = await post<CreatedSession>('sessions', who);
      return { sessionId, userId, cookie, cookies };
    },
    endSessions: async (options = {}) =>
      (await post<{ ended: number }>('sessions/end', options)).ended,
    revokeGrants: async (filter = {}) =>
      (await post<{ revoked: number }>('grants/revoke', filter)).revoked,
    listRefreshTokens: async (filter = {}) =>
      (
        await call<{ refreshTokens: RefreshTokenSummary[] }>(
          'GET',
          `refresh-tokens${filterQuery(filter)}`,
        )
      ).refreshTokens,
    revokeRefreshTokens: async (selector = {}) =>
      (await post<{ revoked: number }>('refresh-tokens/revoke', selector)).revoked,

    saveUser: async (user) => {
      const answer = await post<{ user: RegisteredUser; created: boolean }>('users', user);
      return { user: answer.user, created: answer.created };
    },
    updateUser: async (userId, changes) =>
      (
        await call<{ user: RegisteredUser }>(
          'PATCH',
          `users/${encodeURIComponent(userId)}`,
          changes,
        )
      ).user,
    saveClient: async (client) => {
      const answer = await post<{ client: RegisteredClient; created: boolean }>('clients', client);
      return { client: answer.client, created: answer.created };
    },
    updateClient: async (clientId, changes) =>
      (
        await call<{ client: RegisteredClient }>(
          'PATCH',
          `clients/${encodeURIComponent(clientId)}`,
          changes,
        )
      ).client,

    forceError: (path, error, target = {}) => fault({ ...target, path, type: 'error', error }),
    hang: (path, target = {}) => fault({ ...target, path, type: 'hang' }),
    delay: (path, ms, target = {}) => fault({ ...target, path, type: 'delay', ms }),
    setLatency: async (ms, target = {}) =>
      (await post<{ fault: FaultRule }>('latency', { ...target, ms })).fault,
    addFault: fault,
    listFaults: async () => (await call<{ faults: FaultRule[] }>('GET', 'faults')).faults,
    clearFaults: async () => {
      await post('faults/clear');
    },

    getClock: async () => (await call<{ clock: ClockSummary }>('GET', 'clock')).clock,
    setClockOffset: (seconds) => clock({ offsetSeconds: seconds }),
    freezeClock: async (at) => {
      const frozenAt =
        at === undefined
          ? Date.parse((await call<{ clock: ClockSummary }>('GET', 'clock')).clock.now)
          : at instanceof Date
            ? at.getTime()
            : at;
      return clock({ frozenAt });
    },
    advanceClock: (seconds) => clock({ advanceSeconds: seconds }),
    resetClock: () => clock({ reset: true }),

    setCookieBlocking: async (mode) => {
      await post('cookie-blocking', { mode });
    },

    requests: async (query) =>
      (await call<{ requests: RequestLogEntry[] }>('GET', `requests${after(query)}`)).requests,
    events: async (query) =>
      (await call<{ events: RecordedEvent[] }>('GET', `events${after(query)}`)).events,
  };
}
