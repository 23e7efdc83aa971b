import { isTransientFailure } from './authFailure.ts';
import type { RenewTrigger } from './authMachine.ts';
import type { AuthState, AuthStore } from './authStore.ts';
import { type BackoffPolicy, RENEWAL_BACKOFF, retryDelayMs } from './renewalBackoff.ts';
import type { Session } from './session.ts';
import { renewalDueAt } from './tokenExpiry.ts';

type Listener = (event: Event) => void;
interface EventSource {
  addEventListener(type: string, listener: Listener): void;
  removeEventListener(type: string, listener: Listener): void;
}

export interface RenewalSchedulerOptions {
  store: AuthStore;
  /** Renew this long before the access token expires (see {@link renewalDueAt}). */
  renewBeforeExpirySeconds: number;
  now?: () => number;
  /** Fires `visibilitychange`; its `visibilityState` says whether the tab is visible. */
  document?: EventSource & { visibilityState: DocumentVisibilityState };
  /** Fires `online` and `offline`. */
  window?: EventSource;
  /** Whether the browser says it is online (`navigator.onLine`). */
  isOnline?: () => boolean;
  /** Retries after a transient failure (see {@link retryDelayMs}). */
  backoff?: BackoffPolicy;
  /** The jitter's source, in [0, 1). */
  random?: () => number;
}

/**
 * Renews the access token before it expires, and notices when it has expired; retries a silent
 * sign-in (at boot) that failed for a transient reason.
 *
 * - One scheduled renewal per token. A renewal that failed for a transient reason (network,
 *   timeout, 5xx, 429) is retried with exponential backoff and jitter, a bounded number of
 *   times; a definitive answer (login_required, frame_blocked…) is not retried on a timer — it
 *   would fail the same way and hammer the server. A server's `Retry-After` sets the least delay.
 * - A silent sign-in that failed for a transient reason is retried the same way, until it
 *   succeeds, gets a definitive answer (login_required…), or the user signs in themselves.
 * - Background tabs get their timers throttled and a laptop lid stops them altogether, so
 *   `visibilitychange` and `online` check again: an expired or due token, or one waiting for a
 *   retry, is renewed at once. A hidden tab or an offline browser drops its retry timer: the
 *   wake-up renews instead, and attempts are not spent where they cannot succeed.
 *
 * Returns a function that stops the scheduler.
 */
export function startRenewalScheduler({
  store,
  renewBeforeExpirySeconds,
  now = Date.now,
  document = globalThis.document,
  window = globalThis.window,
  isOnline = () => globalThis.navigator?.onLine ?? true,
  backoff = RENEWAL_BACKOFF,
  random = Math.random,
}: RenewalSchedulerOptions): () => void {
  const scheduled = new WeakSet<Session>();
  let renewTimer: ReturnType<typeof setTimeout> | undefined;
  let expiryTimer: ReturnType<typeof setTimeout> | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** What failed for a transient reason and has not succeeded since: the renewal or the sign-in. */
  let awaiting: 'renew' | 'sign_in' | null = null;
  /** Transient failures in a row that were followed by a timed retry. */
  let attempts = 0;

  const dueAt = (session: Session) => renewalDueAt(session, renewBeforeExpirySeconds);
  const after = (at: number, run: () => void) => setTimeout(run, Math.max(0, at - now()));
  const hidden = () => document?.visibilityState === 'hidden';

  const plan = ({ status, session }: AuthState) => {
    clearTimeout(renewTimer);
    clearTimeout(expiryTimer);
    if (status !== 'authenticated' || !session) return;
    expiryTimer = after(session.accessTokenExpiresAt, () => store.getState().checkExpiry());
    if (scheduled.has(session)) return;
    renewTimer = after(dueAt(session), () => {
      scheduled.add(session);
      void store.getState().renewNow('scheduled');
    });
  };

  const dropRetry = () => {
    const pending = retryTimer !== undefined;
    clearTimeout(retryTimer);
    retryTimer = undefined;
    return pending;
  };

  const forgetFailures = () => {
    dropRetry();
    awaiting = null;
    attempts = 0;
  };

  const again = (trigger: RenewTrigger) =>
    awaiting === 'sign_in'
      ? store.getState().signInSilently(trigger)
      : store.getState().renewNow(trigger);

  const attemptEnded = (what: 'renew' | 'sign_in', { failure }: AuthState) => {
    if (!failure || !isTransientFailure(failure)) {
      forgetFailures();
      return;
    }
    awaiting = what;
    // Offline or hidden, `online` or `visibilitychange` tries again: no attempt spent meanwhile.
    if (failure.reason === 'offline' || !isOnline() || hidden()) return;
    attempts += 1;
    const { retryAfterSeconds } = failure;
    const delayMs = retryDelayMs(attempts, backoff, random, (retryAfterSeconds ?? 0) * 1000);
    if (delayMs === null) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void again('retry');
    }, delayMs);
    store
      .getState()
      .noteRetryScheduled({ attempt: attempts, delayMs, after: failure.reason, retryAfterSeconds });
  };

  const wake = (trigger: 'visibility' | 'online') => {
    const state = store.getState();
    if (awaiting === 'sign_in' && state.status === 'anonymous') {
      void again(trigger);
      return;
    }
    if (!state.session) return;
    state.checkExpiry();
    const { status, session } = store.getState();
    const due =
      status === 'expired' ||
      (status === 'authenticated' && session && (awaiting !== null || now() >= dueAt(session)));
    if (!due) return;
    if (session) scheduled.add(session);
    void store.getState().renewNow(trigger);
  };

  const cancelRetry = (cause: 'hidden' | 'offline') => {
    if (dropRetry()) store.getState().noteRetryCancelled(cause);
  };

  const onVisibilityChange = () => {
    if (document.visibilityState === 'visible') wake('visibility');
    else cancelRetry('hidden');
  };
  const onOnline = () => wake('online');
  const onOffline = () => cancelRetry('offline');

  const unsubscribe = store.subscribe((state, previous) => {
    const { status } = state;
    const moved = status !== previous.status;
    // The event just applied (the timeline grows with every event, and only then).
    const event = state.timeline !== previous.timeline ? state.timeline.at(-1)?.type : undefined;
    if (state.session !== previous.session && status !== 'renewing') forgetFailures();
    if ((moved && status === 'renewing') || event === 'silent_login_started') dropRetry();
    // Anything else that moves a failed sign-in on (a click on "Sign in", a callback) ends it.
    else if (awaiting === 'sign_in' && moved && event !== 'silent_login_failed') forgetFailures();
    if (moved || state.session !== previous.session) plan(state);
    if (previous.status === 'renewing' && status !== 'renewing') attemptEnded('renew', state);
    if (event === 'silent_login_failed') attemptEnded('sign_in', state);
  });
  document?.addEventListener('visibilitychange', onVisibilityChange);
  window?.addEventListener('online', onOnline);
  window?.addEventListener('offline', onOffline);
  plan(store.getState());

  return () => {
    unsubscribe();
    clearTimeout(renewTimer);
    clearTimeout(expiryTimer);
    dropRetry();
    document?.removeEventListener('visibilitychange', onVisibilityChange);
    window?.removeEventListener('online', onOnline);
    window?.removeEventListener('offline', onOffline);
  };
}
