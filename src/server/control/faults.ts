import type { RateLimit, RateLimits } from '../config.ts';
import { OAuthError, type OAuthErrorCode } from '../domain/oauthError.ts';
import { rateLimitExceeded, windowEndOf } from '../domain/rateLimits.ts';

/** The errors a test may force: the silent-auth answers and the server-side failures. */
export const FORCEABLE_ERRORS = [
  'login_required',
  'consent_required',
  'interaction_required',
  'server_error',
  'temporarily_unavailable',
  /** As the token endpoint's rate limiter answers: 429, `Retry-After`, `X-RateLimit-*`. */
  'too_many_requests',
] as const satisfies readonly OAuthErrorCode[];
export type ForceableError = (typeof FORCEABLE_ERRORS)[number];

export type Fault =
  | {
      type: 'error';
      error: ForceableError;
      description?: string;
      /** too_many_requests only: the `Retry-After` (default: to the limit's window end). */
      retryAfterSeconds?: number;
    }
  /** No answer until the control API resets or clears faults, or the server closes. */
  | { type: 'hang' }
  /** The answer comes `ms` later (latency). */
  | { type: 'delay'; ms: number };

export interface FaultRule {
  id: number;
  /** `/authorize`, a prefix such as `/u/*`, or `*` for every endpoint (never /__control). */
  path: string;
  /** Query parameters the request must carry with these values (e.g. `{ prompt: 'none' }`). */
  query: Record<string, string>;
  /** Requests left to shape; null: every one until cleared. */
  remaining: number | null;
  fault: Fault;
}

export type FaultRuleInput = Omit<FaultRule, 'id'>;

/** What the faults decided for one request: wait this long, then maybe an error or a hang. */
export interface FaultDecision {
  delayMs: number;
  outcome: Extract<Fault, { type: 'error' | 'hang' }> | undefined;
}

/** How a held request ended: its delay elapsed, the faults were cleared, or the server closed. */
export type HoldEnd = 'elapsed' | 'released' | 'closed';

export interface FaultSettings {
  add(rule: FaultRuleInput): FaultRule;
  list(): FaultRule[];
  /** Consumes the rules matching this request: every delay, then the first error or hang. */
  take(path: string, query: (name: string) => string | undefined): FaultDecision | undefined;
  /** Drops the rules and lets every held request go on. */
  clear(): void;
  /** Waits `ms` (forever when undefined) or until cleared or closed. */
  hold(ms?: number): Promise<HoldEnd>;
  /** Ends every hold now and any later one at once: the server is going away. */
  close(): void;
}

export const CONTROL_PATH_PREFIX = '/__control';
export const isControlPath = (path: string): boolean =>
  path === CONTROL_PATH_PREFIX || path.startsWith(`${CONTROL_PATH_PREFIX}/`);

export function pathMatches(pattern: string, path: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('*')) return path.startsWith(pattern.slice(0, -1));
  return pattern === path;
}

const STATUS_OF: Record<Exclude<ForceableError, 'too_many_requests'>, number> = {
  login_required: 400,
  consent_required: 400,
  interaction_required: 400,
  server_error: 500,
  temporarily_unavailable: 503,
};

/** With no limit configured a forced 429 still needs one to describe: none left of none. */
const NO_LIMIT: RateLimit = { limit: 0, windowSeconds: 60 };

/**
 * The error a forced fault answers with, with the status its endpoint would use. A forced
 * too_many_requests is the token endpoint's own 429 for its limit in force (per client, else per
 * refresh token), its window ending after `retryAfterSeconds` when the fault sets it.
 */
export function forcedOAuthError(
  fault: Extract<Fault, { type: 'error' }>,
  { now, rateLimits }: { now: number; rateLimits: RateLimits },
): OAuthError {
  const description = fault.description ?? `${fault.error} (forced by the control API)`;
  if (fault.error === 'too_many_requests') {
    const limit = rateLimits.client ?? rateLimits.refreshToken ?? NO_LIMIT;
    const windowEndsAt =
      fault.retryAfterSeconds === undefined
        ? windowEndOf(limit, now)
        : now + fault.retryAfterSeconds * 1000;
    const exceeded = rateLimitExceeded(limit, windowEndsAt, now, '(forced by the control API)');
    return fault.description ? new OAuthError(fault.error, description, exceeded) : exceeded;
  }
  return new OAuthError(fault.error, description, {
    status: STATUS_OF[fault.error],
    ...(fault.error === 'temporarily_unavailable' ? { headers: { 'Retry-After': '1' } } : {}),
  });
}

export function createFaultSettings(): FaultSettings {
  let rules: FaultRule[] = [];
  let nextId = 1;
  let closed = false;
  const holds = new Set<(end: HoldEnd) => void>();

  const releaseAll = (end: HoldEnd) => {
    for (const settle of [...holds]) settle(end);
  };

  const matches = (rule: FaultRule, path: string, query: (name: string) => string | undefined) =>
    pathMatches(rule.path, path) &&
    Object.entries(rule.query).every(([name, value]) => query(name) === value);

  const consume = (rule: FaultRule) => {
    if (rule.remaining === null) return;
    rule.remaining -= 1;
    if (rule.remaining <= 0) rules = rules.filter((other) => other !== rule);
  };

  return {
    add(input) {
      const rule: FaultRule = { ...input, query: { ...input.query }, id: nextId++ };
      rules.push(rule);
      return { ...rule };
    },
    list: () => rules.map((rule) => ({ ...rule, query: { ...rule.query } })),
    take(path, query) {
      if (rules.length === 0) return undefined;
      const matching = rules.filter((rule) => matches(rule, path, query));
      if (matching.length === 0) return undefined;
      let delayMs = 0;
      let outcome: FaultDecision['outcome'];
      for (const rule of matching) {
        const { fault } = rule;
        if (fault.type === 'delay') {
          delayMs += fault.ms;
          consume(rule);
        } else if (outcome === undefined) {
          outcome = fault;
          consume(rule);
        }
      }
      return { delayMs, outcome };
    },
    clear() {
      rules = [];
      releaseAll('released');
    },
    hold(ms) {
      if (closed) return Promise.resolve('closed');
      return new Promise<HoldEnd>((resolve) => {
        const timer = ms === undefined ? undefined : setTimeout(() => settle('elapsed'), ms);
        const settle = (end: HoldEnd) => {
          if (timer !== undefined) clearTimeout(timer);
          holds.delete(settle);
          resolve(end);
        };
        holds.add(settle);
      });
    },
    close() {
      closed = true;
      rules = [];
      releaseAll('closed');
    },
  };
}
