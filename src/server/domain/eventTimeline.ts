import { type BoundedLog, createBoundedLog } from './boundedLog.ts';
import type { Clock } from './clock.ts';

/** What happened on the server, as a test reads it back (never a token, code or secret). */
export type TimelineEvent =
  | { type: 'sign_in'; userId: string; sessionId: string; via: 'login' | 'control' }
  | { type: 'session_ended'; userId?: string; count: number; via: 'logout' | 'control' }
  /** `silent`: answered to prompt=none. */
  | { type: 'code_issued'; clientId: string; userId: string; silent: boolean }
  /** prompt=none answered with a code or tokens: a renewal without the user. */
  | { type: 'silent_renewal'; clientId: string; userId: string; responseType: string }
  | {
      type: 'tokens_issued';
      grantType: string;
      clientId: string;
      scope: string;
      refreshToken: boolean;
    }
  /** A refresh_token exchange; `rotated`: a new refresh token came back. */
  | { type: 'refresh'; clientId: string; scope: string; rotated: boolean }
  | {
      type: 'revoked';
      what: 'refresh_token' | 'access_token' | 'grant';
      count: number;
      clientId?: string;
      userId?: string;
    }
  | {
      type: 'error';
      endpoint: string;
      error: string;
      description?: string;
      status?: number;
      clientId?: string;
    }
  /**
   * A framed request carried Sec-Fetch-Storage-Access (`state`); `answer: 'retry'` when we asked
   * the browser to resend it with the cookies its grant allows, else `reason` says why not.
   */
  | {
      type: 'storage_access';
      endpoint: string;
      state: 'none' | 'inactive' | 'active';
      origin?: string;
      answer: 'retry' | 'none';
      reason?: string;
    }
  /** The control API's faults, when one shaped a response. */
  | {
      type: 'fault';
      endpoint: string;
      fault: 'error' | 'hang' | 'delay';
      error?: string;
      ms?: number;
    };

export type RecordedEvent = TimelineEvent & { seq: number; time: string };

export interface EventTimeline {
  record(event: TimelineEvent): void;
  list(afterSeq?: number): RecordedEvent[];
  dropped(): number;
  clear(): void;
}

export const EVENT_TIMELINE_LIMIT = 1_000;

/**
 * Bounded: the newest EVENT_TIMELINE_LIMIT events, each stamped with the server's time (kept as
 * a number while requests are served, written out when listed).
 */
export function createEventTimeline(clock: Clock, limit = EVENT_TIMELINE_LIMIT): EventTimeline {
  const log: BoundedLog<{ at: number; event: TimelineEvent }> = createBoundedLog(limit);
  return {
    record(event) {
      log.append({ at: clock.now(), event });
    },
    list: (afterSeq) =>
      log
        .list(afterSeq)
        .map(({ seq, at, event }) => ({ seq, time: new Date(at).toISOString(), ...event })),
    dropped: () => log.dropped(),
    clear: () => log.clear(),
  };
}
