import type { AuthFailure, AuthFailureReason } from './authFailure.ts';
import type { SilentTransportName } from './clientSettings.ts';
import type { Session } from './session.ts';
import { isExpiredAt } from './tokenExpiry.ts';

export const AUTH_STATUSES = [
  'anonymous',
  'authenticating',
  'authenticated',
  'renewing',
  'expired',
  'error',
] as const;
export type AuthStatus = (typeof AUTH_STATUSES)[number];

/** Why a renewal started. */
export type RenewTrigger = 'scheduled' | 'manual' | 'visibility' | 'online' | 'boot' | 'retry';

/** Why a planned retry will not run on its timer (the tab's wake-up or `online` renews instead). */
export type RetryCancelCause = 'hidden' | 'offline';

/** Everything that can happen to the session; the only way the auth state changes. */
export type AuthEvent =
  /** A top-level redirect to the login page is about to happen. */
  | { type: 'login_started'; returnPath: string }
  /** The browser came back to /callback with an authorization response. */
  | { type: 'callback_received' }
  | {
      type: 'signed_in';
      session: Session;
      via: 'redirect' | 'silent' | 'other_tab';
      /** How a silent sign-in travelled. */
      transport?: SilentTransportName;
    }
  | { type: 'login_failed'; failure: AuthFailure; returnPath: string }
  /** The user came back (browser Back, bfcache) without finishing the login. */
  | { type: 'login_abandoned' }
  /** A silent sign-in (prompt=none: at boot, or its retry) started. */
  | { type: 'silent_login_started'; transport: SilentTransportName; trigger: RenewTrigger }
  /** The silent sign-in found no usable session at the server: stay anonymous. */
  | { type: 'silent_login_failed'; failure: AuthFailure }
  | { type: 'renew_started'; transport: SilentTransportName; trigger: RenewTrigger }
  | { type: 'renewed'; session: Session; transport: SilentTransportName; durationMs: number }
  | {
      type: 'renew_failed';
      failure: AuthFailure;
      transport: SilentTransportName;
      durationMs: number;
      /** Another tab made the request (for the same token) and told us how it went. */
      inOtherTab?: true;
    }
  /**
   * After a transient failure: retry number `attempt` (of the renewal, or of the silent sign-in
   * when anonymous) will run in `delayMs`, backoff or the server's `Retry-After`.
   */
  | {
      type: 'renew_retry_scheduled';
      attempt: number;
      delayMs: number;
      after: AuthFailureReason;
      retryAfterSeconds?: number;
    }
  /** The planned retry was dropped: the tab was hidden or the browser went offline. */
  | { type: 'renew_retry_cancelled'; cause: RetryCancelCause }
  /** Another tab renewed (or signed in again) and shared the new tokens. */
  | { type: 'tokens_shared'; session: Session }
  /** The access token reached its expiry with no renewal under way. */
  | { type: 'access_token_expired' }
  | { type: 'logged_out'; initiator: 'user' | 'other_tab' }
  /** Only recorded: the server-side logout could not be started. */
  | { type: 'server_logout_failed'; failure: AuthFailure }
  /** Only recorded: a message that failed the checks (forged, late, duplicate). */
  | { type: 'message_ignored'; reason: string };

export type AuthEventType = AuthEvent['type'];

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** One line of the in-memory timeline shown in the UI. */
export type TimelineEntry = DistributiveOmit<AuthEvent, 'session'> & {
  seq: number;
  /** Epoch ms. */
  at: number;
  from: AuthStatus;
  to: AuthStatus;
  /** For events that bring tokens: when the new access token expires. */
  accessTokenExpiresAt?: number;
};

export interface AuthMachineState {
  status: AuthStatus;
  session: Session | null;
  /** The last failure, kept until a later success (shown to the user with what to do). */
  failure: AuthFailure | null;
  /** Where to go back to after a failed login, for "Try again". */
  returnPath: string | null;
  /** Set when the user (or another tab) logged out, so a protected page does not auto-login. */
  loggedOutBy: 'user' | 'other_tab' | null;
  /** The automatic retry planned after a transient renewal or sign-in failure: which, when (epoch ms). */
  retry: { attempt: number; at: number } | null;
  timeline: TimelineEntry[];
}

export const TIMELINE_LIMIT = 200;

export const INITIAL_AUTH_STATE: AuthMachineState = {
  status: 'anonymous',
  session: null,
  failure: null,
  returnPath: null,
  loggedOutBy: null,
  retry: null,
  timeline: [],
};

type Transition<E extends AuthEvent> = {
  from: readonly AuthStatus[] | 'any';
  /** The next status and the fields it changes; null refuses the event. */
  apply: (state: AuthMachineState, event: E, now: number) => Partial<AuthMachineState> | null;
};

type TransitionTable = { [T in AuthEventType]: Transition<Extract<AuthEvent, { type: T }>> };

const SIGNED_IN_STATUSES = ['authenticated', 'renewing', 'expired'] as const;

const TRANSITIONS: TransitionTable = {
  login_started: {
    // Also from authenticated: "sign in again" after a failed renewal, before expiry.
    from: ['anonymous', 'error', 'expired', 'authenticated'],
    apply: (_, event) => ({ status: 'authenticating', returnPath: event.returnPath, retry: null }),
  },
  callback_received: {
    from: ['anonymous', 'error', 'expired'],
    apply: () => ({ status: 'authenticating' }),
  },
  signed_in: {
    from: ['authenticating'],
    apply: (_, event) => ({
      status: 'authenticated',
      session: event.session,
      failure: null,
      returnPath: null,
      loggedOutBy: null,
      retry: null,
    }),
  },
  login_failed: {
    from: ['authenticating'],
    apply: (_, event) => ({
      status: 'error',
      session: null,
      failure: event.failure,
      returnPath: event.returnPath,
    }),
  },
  login_abandoned: {
    from: ['authenticating'],
    apply: () => ({ status: 'anonymous' }),
  },
  silent_login_started: {
    from: ['anonymous'],
    apply: () => ({ status: 'authenticating', retry: null }),
  },
  silent_login_failed: {
    from: ['authenticating'],
    apply: (_, event) => ({ status: 'anonymous', session: null, failure: event.failure }),
  },
  renew_started: {
    from: ['authenticated', 'expired'],
    apply: () => ({ status: 'renewing', retry: null }),
  },
  renewed: {
    from: ['renewing'],
    apply: (state, event) =>
      state.session && state.session.sub !== event.session.sub
        ? null
        : { status: 'authenticated', session: event.session, failure: null, retry: null },
  },
  renew_failed: {
    from: ['renewing'],
    // Honest state: still signed in only while the old access token is valid.
    apply: (state, event, now) => ({
      status:
        state.session && !isExpiredAt(state.session.accessTokenExpiresAt, now)
          ? 'authenticated'
          : 'expired',
      failure: event.failure,
    }),
  },
  tokens_shared: {
    from: SIGNED_IN_STATUSES,
    // Same user only, and only fresher tokens: answers from several tabs may cross.
    apply: (state, event) =>
      state.session &&
      (state.session.sub !== event.session.sub ||
        event.session.accessTokenExpiresAt <= state.session.accessTokenExpiresAt)
        ? null
        : { status: 'authenticated', session: event.session, failure: null, retry: null },
  },
  renew_retry_scheduled: {
    from: ['anonymous', 'authenticated', 'expired'],
    apply: (_, event, now) => ({ retry: { attempt: event.attempt, at: now + event.delayMs } }),
  },
  renew_retry_cancelled: {
    from: ['anonymous', 'authenticated', 'expired'],
    apply: () => ({ retry: null }),
  },
  access_token_expired: {
    from: ['authenticated'],
    apply: (state, _, now) =>
      state.session && isExpiredAt(state.session.accessTokenExpiresAt, now)
        ? { status: 'expired' }
        : null,
  },
  logged_out: {
    from: ['authenticating', 'error', ...SIGNED_IN_STATUSES],
    apply: (_, event) => ({
      status: 'anonymous',
      session: null,
      failure: null,
      returnPath: null,
      loggedOutBy: event.initiator,
      retry: null,
    }),
  },
  server_logout_failed: {
    from: 'any',
    apply: (_, event) => ({ failure: event.failure }),
  },
  message_ignored: {
    from: 'any',
    apply: () => ({}),
  },
};

/** Can `event` happen in `status`? (The transition may still refuse it on its data.) */
export function isAllowedIn(status: AuthStatus, type: AuthEventType): boolean {
  const { from } = TRANSITIONS[type];
  return from === 'any' || from.includes(status);
}

/**
 * The state machine: the state after `event`, or null when the event is refused in the
 * current state (e.g. a renewal result arriving after logout). Pure; `now` is epoch ms.
 */
export function applyAuthEvent(
  state: AuthMachineState,
  event: AuthEvent,
  now: number,
): AuthMachineState | null {
  if (!isAllowedIn(state.status, event.type)) return null;
  const transition = TRANSITIONS[event.type] as Transition<AuthEvent>;
  const changes = transition.apply(state, event, now);
  if (changes === null) return null;
  const next: AuthMachineState = { ...state, ...changes };
  const { session: _session, ...detail } = event as AuthEvent & { session?: Session };
  const entry = {
    ...detail,
    seq: (state.timeline.at(-1)?.seq ?? 0) + 1,
    at: now,
    from: state.status,
    to: next.status,
    ...(_session ? { accessTokenExpiresAt: _session.accessTokenExpiresAt } : {}),
  } as TimelineEntry;
  next.timeline = [...state.timeline, entry].slice(-TIMELINE_LIMIT);
  return next;
}
