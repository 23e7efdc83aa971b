import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuthFlows } from './authFlows.ts';
import { createAuthStore } from './authStore.ts';
import { startRenewalScheduler } from './renewalScheduler.ts';
import type { Session } from './session.ts';
import { sessionFor } from './testSupport/testTokens.ts';

const LIFETIME_MS = 60_000;

const loginRequired = () =>
  Object.assign(new Error('Login required'), { name: 'ErrorResponse', error: 'login_required' });

const rateLimited = (retryAfterSeconds: number) =>
  Object.assign(new Error('Too many requests'), {
    failure: {
      reason: 'rate_limited',
      error: 'too_many_requests',
      description: null,
      retryAfterSeconds,
    },
  });

const serverError = () =>
  Object.assign(new Error('Server error'), { name: 'ErrorResponse', error: 'server_error' });

/** Delays at the middle of their jitter range (random 0.5): 750, 1500, 3000, 6000… ms. */
const POLICY = { baseMs: 1_000, maxMs: 8_000, maxAttempts: 4, maxRetryAfterMs: 20_000 };

function setup(
  renew?: AuthFlows['renewSilently'],
  { online = (): boolean => true }: { online?: () => boolean } = {},
) {
  const freshSession = (): Session =>
    sessionFor({ receivedAt: Date.now(), accessTokenExpiresAt: Date.now() + LIFETIME_MS });
  const renewSilently = vi.fn(renew ?? (async () => freshSession()));
  const flows: AuthFlows = {
    startLogin: vi.fn(() => new Promise<void>(() => {})),
    finishLogin: vi.fn(async () => ({ session: freshSession(), returnPath: '/' })),
    renewSilently,
    accessToken: vi.fn(async () => 'token'),
    exportTokens: vi.fn(async () => null),
    adoptTokens: vi.fn(async () => {}),
    forgetUser: vi.fn(async () => {}),
    startLogout: vi.fn(() => new Promise<void>(() => {})),
  };
  const store = createAuthStore({
    settings: { spaOrigin: 'http://localhost:5173', silentTransport: 'iframe' },
    flows,
    isOnline: online,
  });
  const document = Object.assign(new EventTarget(), {
    visibilityState: 'visible' as DocumentVisibilityState,
  });
  const window = new EventTarget();
  const stop = startRenewalScheduler({
    store,
    renewBeforeExpirySeconds: 10,
    document,
    window,
    isOnline: online,
    backoff: POLICY,
    random: () => 0.5,
  });
  const signIn = () =>
    store.getState().completeLogin('http://localhost:5173/callback?code=c&state=s');
  const setVisibility = (state: DocumentVisibilityState) => {
    document.visibilityState = state;
    document.dispatchEvent(new Event('visibilitychange'));
  };
  return { store, renewSilently, signIn, stop, setVisibility, window };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_700_000_000_000 });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('startRenewalScheduler', () => {
  it('renews the configured lead before the access token expires', async () => {
    const { renewSilently, signIn, store } = setup();
    await signIn();
    await vi.advanceTimersByTimeAsync(49_999);
    expect(renewSilently).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(renewSilently).toHaveBeenCalledTimes(1);
    expect(store.getState().status).toBe('authenticated');
    expect(store.getState().timeline.map((e) => e.type)).toContain('renewed');
  });

  it('keeps the session alive across many expiries, one renewal per token', async () => {
    const { renewSilently, signIn, store } = setup();
    await signIn();
    await vi.advanceTimersByTimeAsync(5 * LIFETIME_MS);
    expect(renewSilently).toHaveBeenCalledTimes(6);
    expect(store.getState().status).toBe('authenticated');
  });

  it('does not retry a failed renewal on a timer; the session turns expired at expiry', async () => {
    const { renewSilently, signIn, store } = setup(async () => {
      throw loginRequired();
    });
    await signIn();
    await vi.advanceTimersByTimeAsync(50_000);
    expect(store.getState()).toMatchObject({
      status: 'authenticated',
      failure: { reason: 'login_required' },
    });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(store.getState().status).toBe('expired');
    await vi.advanceTimersByTimeAsync(10 * LIFETIME_MS);
    expect(renewSilently).toHaveBeenCalledTimes(1);
  });

  it('renews at once when the tab becomes visible after its token expired', async () => {
    let fail = true;
    const { renewSilently, signIn, store, setVisibility } = setup(async () => {
      if (fail) throw loginRequired();
      return sessionFor({ receivedAt: Date.now(), accessTokenExpiresAt: Date.now() + LIFETIME_MS });
    });
    await signIn();
    setVisibility('hidden');
    await vi.advanceTimersByTimeAsync(2 * LIFETIME_MS);
    expect(store.getState().status).toBe('expired');
    fail = false;
    setVisibility('visible');
    await vi.advanceTimersByTimeAsync(0);
    expect(renewSilently).toHaveBeenCalledTimes(2);
    expect(store.getState().status).toBe('authenticated');
    expect(
      store
        .getState()
        .timeline.find((e) => e.type === 'renew_started' && e.trigger === 'visibility'),
    ).toBeTruthy();
  });

  it('notices an expiry the throttled timers missed when the tab wakes up', async () => {
    const { signIn, store, setVisibility, renewSilently } = setup();
    await signIn();
    // A sleeping laptop: wall-clock time jumps, no timer ran.
    vi.setSystemTime(Date.now() + 2 * LIFETIME_MS);
    setVisibility('visible');
    await vi.advanceTimersByTimeAsync(0);
    const types = store.getState().timeline.map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining(['access_token_expired', 'renew_started', 'renewed']),
    );
    expect(renewSilently).toHaveBeenCalledTimes(1);
    expect(store.getState().status).toBe('authenticated');
  });

  it('retries a transient failure with growing delays, then carries on as usual', async () => {
    let failures = 2;
    const { renewSilently, signIn, store } = setup(async () => {
      if (failures-- > 0) throw serverError();
      return sessionFor({ receivedAt: Date.now(), accessTokenExpiresAt: Date.now() + LIFETIME_MS });
    });
    await signIn();
    await vi.advanceTimersByTimeAsync(50_000);
    expect(renewSilently).toHaveBeenCalledTimes(1);
    expect(store.getState().retry).toEqual({ attempt: 1, at: Date.now() + 750 });
    await vi.advanceTimersByTimeAsync(749);
    expect(renewSilently).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(renewSilently).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1_499);
    expect(renewSilently).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(renewSilently).toHaveBeenCalledTimes(3);
    expect(store.getState()).toMatchObject({ status: 'authenticated', failure: null, retry: null });
    const timeline = store.getState().timeline;
    expect(timeline.filter((e) => e.type === 'renew_retry_scheduled')).toMatchObject([
      { attempt: 1, delayMs: 750, after: 'server_error' },
      { attempt: 2, delayMs: 1_500, after: 'server_error' },
    ]);
    expect(timeline.at(-2)).toMatchObject({ type: 'renew_started', trigger: 'retry' });
    // The next token renews on its own schedule, from attempt 1 again if it fails.
    await vi.advanceTimersByTimeAsync(50_000);
    expect(renewSilently).toHaveBeenCalledTimes(4);
  });

  it("waits at least the server's Retry-After before retrying, jitter above it", async () => {
    let failures = 1;
    const { renewSilently, signIn, store } = setup(async () => {
      if (failures-- > 0) throw rateLimited(5);
      return sessionFor({ receivedAt: Date.now(), accessTokenExpiresAt: Date.now() + LIFETIME_MS });
    });
    await signIn();
    await vi.advanceTimersByTimeAsync(50_000);
    expect(store.getState().timeline.at(-1)).toMatchObject({
      type: 'renew_retry_scheduled',
      attempt: 1,
      delayMs: 5_250,
      after: 'rate_limited',
      retryAfterSeconds: 5,
    });
    await vi.advanceTimersByTimeAsync(5_249);
    expect(renewSilently).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(renewSilently).toHaveBeenCalledTimes(2);
    expect(store.getState()).toMatchObject({ status: 'authenticated', failure: null });
  });

  it('gives up after the last attempt, and renews again when the tab wakes up', async () => {
    let down = true;
    const { renewSilently, signIn, store, setVisibility } = setup(async () => {
      if (down) throw new TypeError('Failed to fetch');
      return sessionFor({ receivedAt: Date.now(), accessTokenExpiresAt: Date.now() + LIFETIME_MS });
    });
    await signIn();
    await vi.advanceTimersByTimeAsync(10 * LIFETIME_MS);
    expect(renewSilently).toHaveBeenCalledTimes(1 + POLICY.maxAttempts);
    expect(store.getState()).toMatchObject({
      status: 'expired',
      failure: { reason: 'network_error' },
      retry: null,
    });
    down = false;
    setVisibility('hidden');
    setVisibility('visible');
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().status).toBe('authenticated');
  });

  it('a hidden tab drops its retry; showing it again renews at once', async () => {
    let failures = 1;
    const { renewSilently, signIn, store, setVisibility } = setup(async () => {
      if (failures-- > 0) throw serverError();
      return sessionFor({ receivedAt: Date.now(), accessTokenExpiresAt: Date.now() + LIFETIME_MS });
    });
    await signIn();
    await vi.advanceTimersByTimeAsync(50_000);
    setVisibility('hidden');
    expect(store.getState().retry).toBeNull();
    expect(store.getState().timeline.at(-1)).toMatchObject({
      type: 'renew_retry_cancelled',
      cause: 'hidden',
    });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(renewSilently).toHaveBeenCalledTimes(1);
    setVisibility('visible');
    await vi.advanceTimersByTimeAsync(0);
    expect(renewSilently).toHaveBeenCalledTimes(2);
    expect(store.getState()).toMatchObject({ status: 'authenticated', failure: null });
  });

  it('logging out cancels the planned retry', async () => {
    const { renewSilently, signIn, store } = setup(async () => {
      throw serverError();
    });
    await signIn();
    await vi.advanceTimersByTimeAsync(50_000);
    expect(store.getState().retry).not.toBeNull();
    void store.getState().logout();
    await vi.advanceTimersByTimeAsync(LIFETIME_MS);
    expect(renewSilently).toHaveBeenCalledTimes(1);
  });

  it('offline: says so, spends no attempt on a timer, and renews at once back online', async () => {
    let online = true;
    const { renewSilently, signIn, store, window } = setup(
      async () => {
        if (!online) throw new TypeError('Failed to fetch');
        return sessionFor({
          receivedAt: Date.now(),
          accessTokenExpiresAt: Date.now() + LIFETIME_MS,
        });
      },
      { online: () => online },
    );
    await signIn();
    online = false;
    window.dispatchEvent(new Event('offline'));
    await vi.advanceTimersByTimeAsync(50_000);
    expect(store.getState()).toMatchObject({ failure: { reason: 'offline' }, retry: null });
    await vi.advanceTimersByTimeAsync(30_000);
    expect(renewSilently).toHaveBeenCalledTimes(1);
    expect(store.getState().status).toBe('expired');
    online = true;
    window.dispatchEvent(new Event('online'));
    await vi.advanceTimersByTimeAsync(0);
    expect(renewSilently).toHaveBeenCalledTimes(2);
    expect(store.getState()).toMatchObject({ status: 'authenticated', failure: null });
    expect(store.getState().timeline.at(-2)).toMatchObject({
      type: 'renew_started',
      trigger: 'online',
    });
  });

  it('going offline drops a planned retry', async () => {
    let online = true;
    const { signIn, store, window, renewSilently } = setup(
      async () => {
        throw serverError();
      },
      { online: () => online },
    );
    await signIn();
    await vi.advanceTimersByTimeAsync(50_000);
    online = false;
    window.dispatchEvent(new Event('offline'));
    expect(store.getState().timeline.at(-1)).toMatchObject({
      type: 'renew_retry_cancelled',
      cause: 'offline',
    });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(renewSilently).toHaveBeenCalledTimes(1);
  });

  it('retries when the browser comes back online', async () => {
    let offline = true;
    const { signIn, store, window, renewSilently } = setup(async () => {
      if (offline) throw new TypeError('Failed to fetch');
      return sessionFor({ receivedAt: Date.now(), accessTokenExpiresAt: Date.now() + LIFETIME_MS });
    });
    await signIn();
    await vi.advanceTimersByTimeAsync(50_000);
    expect(store.getState().failure?.reason).toBe('network_error');
    offline = false;
    window.dispatchEvent(new Event('online'));
    await vi.advanceTimersByTimeAsync(0);
    expect(renewSilently).toHaveBeenCalledTimes(2);
    expect(store.getState()).toMatchObject({ status: 'authenticated', failure: null });
  });

  it('does nothing when the tab wakes up with a fresh token', async () => {
    const { signIn, setVisibility, renewSilently } = setup();
    await signIn();
    setVisibility('visible');
    await vi.advanceTimersByTimeAsync(0);
    expect(renewSilently).not.toHaveBeenCalled();
  });

  it('stops renewing after logout', async () => {
    const { signIn, store, renewSilently } = setup();
    await signIn();
    void store.getState().logout();
    await vi.advanceTimersByTimeAsync(2 * LIFETIME_MS);
    expect(renewSilently).not.toHaveBeenCalled();
  });

  it('stops when asked', async () => {
    const { signIn, stop, renewSilently, setVisibility } = setup();
    await signIn();
    stop();
    await vi.advanceTimersByTimeAsync(2 * LIFETIME_MS);
    setVisibility('visible');
    expect(renewSilently).not.toHaveBeenCalled();
  });
});

describe('startRenewalScheduler: silent sign-in at boot', () => {
  const fresh = () =>
    sessionFor({ receivedAt: Date.now(), accessTokenExpiresAt: Date.now() + LIFETIME_MS });

  it('retries a transient failure with the same backoff until it signs in', async () => {
    let failures = 2;
    const { renewSilently, store } = setup(async () => {
      if (failures-- > 0) throw new TypeError('Failed to fetch');
      return fresh();
    });
    await store.getState().signInSilently();
    expect(store.getState()).toMatchObject({
      status: 'anonymous',
      failure: { reason: 'network_error' },
      retry: { attempt: 1, at: Date.now() + 750 },
    });
    await vi.advanceTimersByTimeAsync(749);
    expect(renewSilently).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(renewSilently).toHaveBeenCalledTimes(2);
    expect(store.getState().retry).toEqual({ attempt: 2, at: Date.now() + 1_500 });
    await vi.advanceTimersByTimeAsync(1_500);
    expect(store.getState()).toMatchObject({ status: 'authenticated', failure: null, retry: null });
    const started = store.getState().timeline.filter((e) => e.type === 'silent_login_started');
    expect(started.map((e) => 'trigger' in e && e.trigger)).toEqual(['boot', 'retry', 'retry']);
    // Signed in, the session renews on its own schedule.
    await vi.advanceTimersByTimeAsync(50_000);
    expect(renewSilently).toHaveBeenCalledTimes(4);
  });

  it('stops at a definitive answer: login_required stays anonymous, no timer', async () => {
    const { renewSilently, store } = setup(async () => {
      throw loginRequired();
    });
    await store.getState().signInSilently();
    expect(store.getState()).toMatchObject({ status: 'anonymous', retry: null });
    await vi.advanceTimersByTimeAsync(10 * LIFETIME_MS);
    expect(renewSilently).toHaveBeenCalledTimes(1);
  });

  it('stops when the user signs in themselves', async () => {
    const { renewSilently, store } = setup(async () => {
      throw serverError();
    });
    await store.getState().signInSilently();
    expect(store.getState().retry).not.toBeNull();
    void store.getState().login('/');
    expect(store.getState()).toMatchObject({ status: 'authenticating', retry: null });
    await vi.advanceTimersByTimeAsync(10 * LIFETIME_MS);
    expect(renewSilently).toHaveBeenCalledTimes(1);
  });

  it('gives up after the last attempt; the tab waking up tries again', async () => {
    let down = true;
    const { renewSilently, store, setVisibility } = setup(async () => {
      if (down) throw serverError();
      return fresh();
    });
    await store.getState().signInSilently();
    await vi.advanceTimersByTimeAsync(10 * LIFETIME_MS);
    expect(renewSilently).toHaveBeenCalledTimes(1 + POLICY.maxAttempts);
    expect(store.getState()).toMatchObject({ status: 'anonymous', retry: null });
    down = false;
    setVisibility('hidden');
    setVisibility('visible');
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().status).toBe('authenticated');
  });

  it('offline at boot: no timer, signs in when the browser is back online', async () => {
    let online = false;
    const { renewSilently, store, window } = setup(
      async () => {
        if (!online) throw new TypeError('Failed to fetch');
        return fresh();
      },
      { online: () => online },
    );
    await store.getState().signInSilently();
    expect(store.getState()).toMatchObject({ failure: { reason: 'offline' }, retry: null });
    await vi.advanceTimersByTimeAsync(10 * LIFETIME_MS);
    expect(renewSilently).toHaveBeenCalledTimes(1);
    online = true;
    window.dispatchEvent(new Event('online'));
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState()).toMatchObject({ status: 'authenticated', failure: null });
    expect(store.getState().timeline.at(-2)).toMatchObject({
      type: 'silent_login_started',
      trigger: 'online',
    });
  });

  it('a tab without a failed sign-in does not sign in when it wakes up', async () => {
    const { renewSilently, setVisibility, window } = setup();
    setVisibility('visible');
    window.dispatchEvent(new Event('online'));
    await vi.advanceTimersByTimeAsync(0);
    expect(renewSilently).not.toHaveBeenCalled();
  });
});
