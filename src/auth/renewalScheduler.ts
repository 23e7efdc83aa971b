import { isTransientFailure } from './authFailure.ts';
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
 * Renews the access token before it expires, and notices when it has expired.
 *
 * - One scheduled renewal per token. A renewal that failed for a transient reason (network,
 *   timeout, 5xx, 429) is retried with exponential backoff and jitter, a bounded number of
 *   times; a definitive answer (login_required, frame_blocked…) is not retried on a timer — it
 *   would fail the same way and hammer the server.
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
  /** The last renewal failed for a transient reason and nothing has renewed since. */
  let awaitingRetry = false;
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
    awaitingRetry = false;
    attempts = 0;
  };

  const renewalEnded = ({ failure }: AuthState) => {
    if (!failure || !isTransientFailure(failure)) {
      forgetFailures();
      return;
    }
    awaitingRetry = true;
    // Offline or hidden, `online` or `visibilitychange` renews: no attempt spent meanwhile.
    if (failure.reason === 'offline' || !isOnline() || hidden()) return;
    attempts += 1;
    const delayMs = retryDelayMs(attempts, backoff, random);
    if (delayMs === null) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void store.getState().renewNow('retry');
    }, delayMs);
    store.getState().noteRetryScheduled({ attempt: attempts, delayMs, after: failure.reason });
  };

  const wake = (trigger: 'visibility' | 'online') => {
    const state = store.getState();
    if (!state.session) return;
    state.checkExpiry();
    const { status, session } = store.getState();
    const due =
      status === 'expired' ||
      (status === 'authenticated' && session && (awaitingRetry || now() >= dueAt(session)));
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
    if (state.session !== previous.session && state.status !== 'renewing') forgetFailures();
    if (state.status === 'renewing' && previous.status !== 'renewing') dropRetry();
    if (state.status !== previous.status || state.session !== previous.session) plan(state);
    if (previous.status === 'renewing' && state.status !== 'renewing') renewalEnded(state);
    if (!state.session) forgetFailures();
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
