import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AuthFlows } from './authFlows.ts';
import { type AuthStore, createAuthStore, TAB_ANSWER_MS } from './authStore.ts';
import type { Session } from './session.ts';
import { openTabChannel } from './tabChannel.ts';
import { sessionFor } from './testSupport/testTokens.ts';

/**
 * Web Locks as the browser implements them, enough for one exclusive lock per name (granted
 * in request order; `ifAvailable` gets null while it is held or wanted) and shared locks held
 * for good, which `query()` lists.
 */
function fakeLocks() {
  const tails = new Map<string, Promise<unknown>>();
  const wanted = new Map<string, number>();
  const sharedHeld: string[] = [];
  const request = (
    name: string,
    ...args: [LockGrantedCallback<unknown>] | [LockOptions, LockGrantedCallback<unknown>]
  ): Promise<unknown> => {
    const [options, callback] = args.length === 1 ? [{}, args[0]] : args;
    if (options.mode === 'shared') {
      sharedHeld.push(name);
      return Promise.resolve().then(() => callback({ name, mode: 'shared' } as Lock));
    }
    if (options.ifAvailable && (wanted.get(name) ?? 0) > 0) {
      return Promise.resolve().then(() => callback(null));
    }
    wanted.set(name, (wanted.get(name) ?? 0) + 1);
    const run = async () => {
      try {
        return await callback({ name, mode: 'exclusive' } as Lock);
      } finally {
        wanted.set(name, (wanted.get(name) ?? 1) - 1);
      }
    };
    const result = (tails.get(name) ?? Promise.resolve()).then(run);
    tails.set(
      name,
      result.catch(() => {}),
    );
    return result;
  };
  const query = async () => ({ held: sharedHeld.map((name) => ({ name, mode: 'shared' })) });
  return { request, query } as unknown as Pick<LockManager, 'request' | 'query'>;
}

const channels: BroadcastChannel[] = [];
/** Node's BroadcastChannel, closed after each test so the process can end. */
class ClosingBroadcastChannel extends BroadcastChannel {
  constructor(name: string) {
    super(name);
    channels.push(this);
  }
}
afterEach(() => {
  for (const channel of channels.splice(0)) channel.close();
  vi.useRealTimers();
});

let channelCount = 0;
const newChannelName = () => `test-tabs-${++channelCount}`;

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const until = (check: () => boolean) => vi.waitFor(() => expect(check()).toBe(true));

describe('openTabChannel', () => {
  it('carries messages to the other tabs, not back to the sender', async () => {
    const name = newChannelName();
    const options = { BroadcastChannel: ClosingBroadcastChannel, locks: fakeLocks() };
    const [a, b] = [openTabChannel(name, options), openTabChannel(name, options)];
    const heardByA = vi.fn();
    const heardByB = vi.fn();
    a?.listen(heardByA);
    b?.listen(heardByB);
    a?.post({ type: 'logged_out' });
    await until(() => heardByB.mock.calls.length === 1);
    expect(heardByB).toHaveBeenCalledWith({ type: 'logged_out' });
    expect(heardByA).not.toHaveBeenCalled();
  });

  it('runs one task at a time across tabs and says who had to wait', async () => {
    const name = newChannelName();
    const locks = fakeLocks();
    const [a, b] = [openTabChannel(name, { locks }), openTabChannel(name, { locks })];
    const first = deferred<string>();
    const order: string[] = [];
    const running = a.exclusive(async (contended) => {
      order.push(`a starts (contended: ${contended})`);
      return first.promise;
    });
    const waiting = b.exclusive(async (contended) => {
      order.push(`b starts (contended: ${contended})`);
      return 'b';
    });
    await Promise.resolve();
    expect(order).toEqual(['a starts (contended: false)']);
    first.resolve('a');
    await expect(Promise.all([running, waiting])).resolves.toEqual(['a', 'b']);
    expect(order).toEqual(['a starts (contended: false)', 'b starts (contended: true)']);
  });

  it('knows how many other tabs of the app were open when it started', async () => {
    const name = newChannelName();
    const options = { BroadcastChannel: ClosingBroadcastChannel, locks: fakeLocks() };
    const opened = () => new Promise((resolve) => setTimeout(resolve, 0));
    await expect(openTabChannel(name, options).otherTabs()).resolves.toBe(0);
    await opened();
    await expect(openTabChannel(name, options).otherTabs()).resolves.toBe(1);
    await opened();
    await expect(openTabChannel(name, options).otherTabs()).resolves.toBe(2);
    // Another app (server host, client) on the same origin does not count.
    await expect(openTabChannel(newChannelName(), options).otherTabs()).resolves.toBe(0);
  });

  it('is unsure how many tabs are open where Web Locks cannot be queried', async () => {
    const { request } = fakeLocks();
    const tab = openTabChannel(newChannelName(), {
      BroadcastChannel: ClosingBroadcastChannel,
      locks: { request },
    });
    await expect(tab.otherTabs()).resolves.toBe(Number.POSITIVE_INFINITY);
  });

  it('works alone where the browser has neither BroadcastChannel nor Web Locks', async () => {
    const tab = openTabChannel(newChannelName(), { BroadcastChannel: null, locks: null });
    expect(() => tab.post({ type: 'ask' })).not.toThrow();
    await expect(tab.otherTabs()).resolves.toBe(0);
    await expect(tab.exclusive(async (contended) => contended)).resolves.toBe(false);
  });
});

/** Tabs of one app: each a store with fake flows, linked by a real channel and shared locks. */
async function openTabs(count: number, { frozenTabs = 0 } = {}) {
  const name = newChannelName();
  const locks = fakeLocks();
  // Tabs of the app opened earlier whose pages do not run: they hold their lock, never answer.
  for (let i = 0; i < frozenTabs; i++) {
    openTabChannel(name, { BroadcastChannel: ClosingBroadcastChannel, locks });
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  let clock = Date.now();
  const fresh = (): Session =>
    sessionFor({ receivedAt: clock, accessTokenExpiresAt: clock + 60_000 });
  const renewal = deferred<Session>();
  const openTab = () => {
    let held: Session | null = null;
    const flows: AuthFlows = {
      startLogin: vi.fn(() => new Promise<void>(() => {})),
      finishLogin: vi.fn(async () => {
        held = fresh();
        return { session: held, returnPath: '/' };
      }),
      renewSilently: vi.fn(async () => {
        held = await renewal.promise;
        return held;
      }),
      accessToken: vi.fn(async () => (held ? `token-for-${held.accessTokenExpiresAt}` : null)),
      // The fake "tokens" are the session itself; the real flows check real tokens.
      exportTokens: vi.fn(async () => (held ? JSON.stringify(held) : null)),
      adoptTokens: vi.fn(async (text: string, accept: (session: Session) => boolean) => {
        const session = JSON.parse(text) as Session;
        if (!session.sub) throw new Error('The id_token has no sub');
        if (accept(session)) held = session;
      }),
      forgetUser: vi.fn(async () => {
        held = null;
      }),
      startLogout: vi.fn(() => new Promise<void>(() => {})),
    };
    const store = createAuthStore({
      settings: { spaOrigin: 'http://localhost:5173', silentTransport: 'iframe' },
      flows,
      now: () => clock,
      tabs: openTabChannel(name, { BroadcastChannel: ClosingBroadcastChannel, locks }),
    });
    return { store, flows };
  };
  const tabs: ReturnType<typeof openTab>[] = [];
  for (let i = 0; i < count; i++) {
    tabs.push(openTab());
    // Opened one after the other: each sees the ones before it.
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  const stores = tabs.map((tab) => tab.store);
  const requests = () =>
    tabs.reduce((sum, tab) => sum + vi.mocked(tab.flows.renewSilently).mock.calls.length, 0);
  const tick = (ms: number) => {
    clock += ms;
  };
  return { tabs, stores, renewal, fresh, requests, tick, name, locks };
}

const signInAll = async (stores: AuthStore[]) => {
  const [first, ...others] = stores;
  await first?.getState().completeLogin('http://localhost:5173/callback?code=c&state=s');
  // The others take the first tab's tokens, as they would when opened after it.
  await Promise.all(others.map((store) => store.getState().signInSilently()));
  for (const store of stores) expect(store.getState().status).toBe('authenticated');
};

const types = (store: AuthStore) => store.getState().timeline.map((entry) => entry.type);

describe('tabs working together', () => {
  it('a new tab takes the tokens of an open tab instead of making a request', async () => {
    const { stores, tabs, requests } = await openTabs(2);
    await signInAll(stores);
    expect(requests()).toBe(0);
    expect(types(stores[1] as AuthStore)).toEqual(['silent_login_started', 'signed_in']);
    expect(stores[1]?.getState().timeline.at(-1)).toMatchObject({ via: 'other_tab' });
    expect(stores[1]?.getState().session).toEqual(stores[0]?.getState().session);
    expect(await tabs[1]?.flows.accessToken()).toBe(await tabs[0]?.flows.accessToken());
  });

  it.each([
    ['the only tab signs in with a request at once', 1],
    ['a new tab makes its own request at once when the open tabs say they have no tokens', 3],
  ])('%s', async (_, count) => {
    const { stores, renewal, fresh, requests } = await openTabs(count);
    const store = stores.at(-1) as AuthStore;
    renewal.resolve(fresh());
    const started = Date.now();
    await store.getState().signInSilently();
    expect(Date.now() - started).toBeLessThan(TAB_ANSWER_MS);
    expect(requests()).toBe(1);
    expect(store.getState().timeline.at(-1)).toMatchObject({ type: 'signed_in', via: 'silent' });
  });

  it('a new tab waits for an open tab busy renewing and takes the tokens that renewal gets', async () => {
    const { stores, renewal, fresh, requests, tick } = await openTabs(2);
    const [first, second] = stores as [AuthStore, AuthStore];
    await first.getState().completeLogin('http://localhost:5173/callback?code=c&state=s');
    tick(30_000);
    const renewing = first.getState().renewNow('scheduled');
    await vi.waitFor(() => expect(requests()).toBe(1));
    const signingIn = second.getState().signInSilently();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const renewed = fresh();
    renewal.resolve(renewed);
    await Promise.all([renewing, signingIn]);
    expect(requests()).toBe(1);
    expect(second.getState().session).toEqual(renewed);
    expect(second.getState().timeline.at(-1)).toMatchObject({
      type: 'signed_in',
      via: 'other_tab',
    });
  });

  it('an open tab that never answers (frozen) holds a new tab back for TAB_ANSWER_MS at most', async () => {
    const { stores, renewal, fresh, requests } = await openTabs(1, { frozenTabs: 1 });
    const store = stores[0] as AuthStore;
    renewal.resolve(fresh());
    const started = Date.now();
    await store.getState().signInSilently();
    expect(Date.now() - started).toBeGreaterThanOrEqual(TAB_ANSWER_MS - 20);
    expect(requests()).toBe(1);
    expect(store.getState().timeline.at(-1)).toMatchObject({ type: 'signed_in', via: 'silent' });
  });

  it('three tabs renewing at once make one request and all get the new tokens', async () => {
    const { stores, renewal, fresh, requests, tick } = await openTabs(3);
    await signInAll(stores);
    tick(30_000);
    const renewals = stores.map((store) => store.getState().renewNow('scheduled'));
    const renewed = fresh();
    renewal.resolve(renewed);
    await Promise.all(renewals);
    expect(requests()).toBe(1);
    for (const store of stores) {
      expect(store.getState()).toMatchObject({ status: 'authenticated', session: renewed });
    }
    // The two that waited for the lock took the shared result.
    const shared = stores.filter((store) => types(store).at(-1) === 'tokens_shared');
    expect(shared).toHaveLength(2);
  });

  it('a tab that renews later, with tokens already shared, still renews its own (new) token', async () => {
    const { stores, renewal, fresh, requests, tick } = await openTabs(2);
    await signInAll(stores);
    tick(1_000);
    const renewed = fresh();
    renewal.resolve(renewed);
    await stores[0]?.getState().renewNow('manual');
    await until(() => types(stores[1] as AuthStore).at(-1) === 'tokens_shared');
    expect(stores[1]?.getState().session).toEqual(renewed);
    tick(1_000);
    await stores[1]?.getState().renewNow('manual');
    expect(requests()).toBe(2);
  });

  it("the tabs that waited take the first tab's failure instead of asking again", async () => {
    const { stores, renewal, requests } = await openTabs(3);
    await signInAll(stores);
    const renewals = stores.map((store) => store.getState().renewNow('scheduled'));
    renewal.reject(
      Object.assign(new Error('Login required'), {
        name: 'ErrorResponse',
        error: 'login_required',
      }),
    );
    await Promise.all(renewals);
    expect(requests()).toBe(1);
    for (const store of stores) {
      expect(store.getState()).toMatchObject({
        status: 'authenticated',
        failure: { reason: 'login_required' },
      });
    }
    const tookTheFailure = stores.filter(
      (store) => (store.getState().timeline.at(-1) as { inOtherTab?: true }).inOtherTab,
    );
    expect(tookTheFailure).toHaveLength(2);
  });

  it('logging out in one tab logs out the others', async () => {
    const { stores, tabs } = await openTabs(3);
    await signInAll(stores);
    void stores[0]?.getState().logout();
    for (const [index, store] of stores.slice(1).entries()) {
      await until(() => store.getState().status === 'anonymous');
      expect(store.getState().loggedOutBy).toBe('other_tab');
      expect(tabs[index + 1]?.flows.forgetUser).toHaveBeenCalled();
    }
  });

  it('ignores tokens that fail the checks, and says so in the timeline', async () => {
    const { stores, name } = await openTabs(1);
    const store = stores[0] as AuthStore;
    await store.getState().completeLogin('http://localhost:5173/callback?code=c&state=s');
    const before = store.getState().session;
    const hostile = new ClosingBroadcastChannel(name);
    hostile.postMessage({ type: 'tokens', user: JSON.stringify({ sub: '' }) });
    await until(() => types(store).includes('message_ignored'));
    expect(store.getState()).toMatchObject({ status: 'authenticated', session: before });
  });

  it("ignores another user's tokens and tokens no fresher than its own", async () => {
    const { stores, name, fresh } = await openTabs(1);
    const store = stores[0] as AuthStore;
    await store.getState().completeLogin('http://localhost:5173/callback?code=c&state=s');
    const before = store.getState().session as Session;
    const other = new ClosingBroadcastChannel(name);
    const bob = {
      ...fresh(),
      sub: 'auth0|bob',
      accessTokenExpiresAt: before.accessTokenExpiresAt + 1,
    };
    other.postMessage({ type: 'tokens', user: JSON.stringify(bob) });
    other.postMessage({ type: 'tokens', user: JSON.stringify({ ...before, email: 'old' }) });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(store.getState().session).toBe(before);
    expect(types(store)).toEqual(['callback_received', 'signed_in']);
  });

  it('a tab whose own request is under way does not take tokens meanwhile', async () => {
    const { stores, name, renewal, fresh } = await openTabs(1);
    const store = stores[0] as AuthStore;
    await store.getState().completeLogin('http://localhost:5173/callback?code=c&state=s');
    const renewing = store.getState().renewNow('manual');
    const other = new ClosingBroadcastChannel(name);
    const meanwhile = { ...fresh(), accessTokenExpiresAt: Date.now() + 999_999 };
    other.postMessage({ type: 'tokens', user: JSON.stringify(meanwhile) });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const own = fresh();
    renewal.resolve(own);
    await renewing;
    expect(store.getState().session).toEqual(own);
  });
});
