import type { AuthState, AuthStore } from './authStore.ts';
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
  /** Fires `online`. */
  window?: EventSource;
}

/**
 * Renews the access token before it expires, and notices when it has expired.
 *
 * - One scheduled renewal per token: a failed one is not retried on a timer (that would hammer
 *   a server that said `login_required`), only when the tab wakes up or comes back online.
 * - Background tabs get their timers throttled and a laptop lid stops them altogether, so
 *   `visibilitychange` and `online` check again: an expired or due token is renewed at once.
 *
 * Returns a function that stops the scheduler.
 */
export function startRenewalScheduler({
  store,
  renewBeforeExpirySeconds,
  now = Date.now,
  document = globalThis.document,
  window = globalThis.window,
}: RenewalSchedulerOptions): () => void {
  const scheduled = new WeakSet<Session>();
  let renewTimer: ReturnType<typeof setTimeout> | undefined;
  let expiryTimer: ReturnType<typeof setTimeout> | undefined;

  const dueAt = (session: Session) => renewalDueAt(session, renewBeforeExpirySeconds);
  const after = (at: number, run: () => void) => setTimeout(run, Math.max(0, at - now()));

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

  const wake = (trigger: 'visibility' | 'online') => {
    const state = store.getState();
    if (!state.session) return;
    state.checkExpiry();
    const { status, session } = store.getState();
    const due =
      status === 'expired' || (status === 'authenticated' && session && now() >= dueAt(session));
    if (!due) return;
    if (session) scheduled.add(session);
    void store.getState().renewNow(trigger);
  };

  const onVisibilityChange = () => {
    if (document.visibilityState === 'visible') wake('visibility');
  };
  const onOnline = () => wake('online');

  const unsubscribe = store.subscribe((state, previous) => {
    if (state.status !== previous.status || state.session !== previous.session) plan(state);
  });
  document?.addEventListener('visibilitychange', onVisibilityChange);
  window?.addEventListener('online', onOnline);
  plan(store.getState());

  return () => {
    unsubscribe();
    clearTimeout(renewTimer);
    clearTimeout(expiryTimer);
    document?.removeEventListener('visibilitychange', onVisibilityChange);
    window?.removeEventListener('online', onOnline);
  };
}
