import { describe, expect, it, vi } from 'vitest';
import { type AuthFlows, LoginFailedError } from './authFlows.ts';
import {
  type AuthStore,
  type AutoLoginGuard,
  createAuthStore,
  NoAccessTokenError,
} from './authStore.ts';
import { autoLoginGuard } from './autoLoginGuard.ts';
import type { Session } from './session.ts';
import { SilentRenewalError } from './silentTransport.ts';
import { sessionFor } from './testSupport/testTokens.ts';

const SPA = 'http://localhost:5173';
const CALLBACK = `${SPA}/callback?code=abc&state=xyz`;

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function setup(flowOverrides: Partial<AuthFlows> = {}, autoLogin?: AutoLoginGuard) {
  let clock = 1_000_000;
  const session = sessionFor({ receivedAt: clock, accessTokenExpiresAt: clock + 60_000 });
  const flows: AuthFlows = {
    startLogin: vi.fn(() => new Promise<void>(() => {})),
    finishLogin: vi.fn(async () => ({ session, returnPath: '/profile' })),
    renewSilently: vi.fn(async () => session),
    accessToken: vi.fn(async () => 'access-token-1'),
    exportTokens: vi.fn(async () => null),
    adoptTokens: vi.fn(async () => {}),
    forgetUser: vi.fn(async () => {}),
    startLogout: vi.fn(() => new Promise<void>(() => {})),
    ...flowOverrides,
  };
  const fetch = vi.fn(async () => new Response('{}'));
  const store = createAuthStore({
    settings: { spaOrigin: SPA, silentTransport: 'iframe' },
    flows,
    now: () => clock,
    fetch,
    autoLogin,
  });
  const tick = (ms: number) => {
    clock += ms;
  };
  return { store, flows, fetch, session, tick };
}

const signIn = async (store: AuthStore) => {
  await store.getState().completeLogin(CALLBACK);
  expect(store.getState().status).toBe('authenticated');
};

const statuses = (store: AuthStore) =>
  store.getState().timeline.map((entry) => `${entry.type}:${entry.to}`);

describe('auth store: login', () => {
  it('starts anonymous', () => {
    const { store } = setup();
    expect(store.getState()).toMatchObject({ status: 'anonymous', session: null, failure: null });
  });

  it('goes to authenticating and redirects with a safe return path', async () => {
    const { store, flows } = setup();
    void store.getState().login('/api?x=1');
    expect(store.getState().status).toBe('authenticating');
    expect(flows.startLogin).toHaveBeenCalledWith('/api?x=1');
  });

  it('never carries an unsafe return path into the login request', async () => {
    const { store, flows } = setup();
    void store.getState().login('//evil.com');
    expect(flows.startLogin).toHaveBeenCalledWith('/');
  });

  it('starts one login however often it is asked (double clicks, StrictMode effects)', async () => {
    const { store, flows } = setup();
    void store.getState().login('/profile');
    void store.getState().login('/profile');
    expect(flows.startLogin).toHaveBeenCalledTimes(1);
  });

  it('shows the failure when the redirect cannot even start', async () => {
    const { store } = setup({
      startLogin: vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    });
    await store.getState().login('/profile');
    expect(store.getState()).toMatchObject({
      status: 'error',
      failure: { reason: 'network_error' },
      returnPath: '/profile',
    });
  });

  it('goes back to anonymous when the browser returns without logging in', async () => {
    const { store } = setup({ startLogin: vi.fn(async () => {}) });
    await store.getState().login('/profile');
    expect(statuses(store)).toEqual(['login_started:authenticating', 'login_abandoned:anonymous']);
  });
});

describe('auth store: callback', () => {
  it('completes the login and says where to go', async () => {
    const { store, session } = setup();
    await expect(store.getState().completeLogin(CALLBACK)).resolves.toEqual({
      ok: true,
      returnPath: '/profile',
    });
    expect(store.getState()).toMatchObject({ status: 'authenticated', session });
    expect(statuses(store)).toEqual([
      'callback_received:authenticating',
      'signed_in:authenticated',
    ]);
  });

  it('exchanges a code once even when asked twice for the same URL', async () => {
    const { store, flows } = setup();
    const [first, second] = await Promise.all([
      store.getState().completeLogin(CALLBACK),
      store.getState().completeLogin(CALLBACK),
    ]);
    expect(first).toEqual(second);
    expect(flows.finishLogin).toHaveBeenCalledTimes(1);
  });

  it('keeps the OAuth error and the return path of a failed login', async () => {
    const failure = { reason: 'oauth_error' as const, error: 'access_denied', description: 'No' };
    const { store } = setup({
      finishLogin: vi.fn(async () => Promise.reject(new LoginFailedError(failure, '/api'))),
    });
    await expect(store.getState().completeLogin(CALLBACK)).resolves.toEqual({
      ok: false,
      failure,
      returnPath: '/api',
    });
    expect(store.getState()).toMatchObject({
      status: 'error',
      failure,
      returnPath: '/api',
      session: null,
    });
  });

  it('"Try again" after a failed login starts a new login to the same page', async () => {
    const failure = { reason: 'oauth_error' as const, error: 'access_denied', description: null };
    const { store, flows } = setup({
      finishLogin: vi.fn(async () => Promise.reject(new LoginFailedError(failure, '/api'))),
    });
    await store.getState().completeLogin(CALLBACK);
    void store.getState().login(store.getState().returnPath ?? '/');
    expect(flows.startLogin).toHaveBeenCalledWith('/api');
    expect(store.getState().status).toBe('authenticating');
  });
});

describe('auth store: logout', () => {
  it('ends the app session at once and starts the server logout', async () => {
    const { store, flows } = setup();
    await signIn(store);
    void store.getState().logout();
    expect(store.getState()).toMatchObject({
      status: 'anonymous',
      session: null,
      loggedOutBy: 'user',
    });
    expect(flows.startLogout).toHaveBeenCalledTimes(1);
  });

  it('still forgets the tokens and says so when the server logout cannot start', async () => {
    const { store, flows } = setup({
      startLogout: vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    });
    await signIn(store);
    await store.getState().logout();
    expect(flows.forgetUser).toHaveBeenCalled();
    expect(store.getState()).toMatchObject({
      status: 'anonymous',
      failure: { reason: 'network_error' },
    });
  });

  it('does nothing when nobody is signed in', async () => {
    const { store, flows } = setup();
    await store.getState().logout();
    expect(flows.startLogout).not.toHaveBeenCalled();
  });
});

describe('auth store: access token', () => {
  it('sends the access token as a bearer token', async () => {
    const { store, fetch } = setup();
    await signIn(store);
    await store.getState().fetchWithAccessToken('http://localhost:4401/api/profile', {
      headers: { Accept: 'application/json' },
    });
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('http://localhost:4401/api/profile');
    const headers = new Headers(init.headers);
    expect(headers.get('Authorization')).toBe('Bearer access-token-1');
    expect(headers.get('Accept')).toBe('application/json');
  });

  it('sends nothing without a session', async () => {
    const { store, fetch } = setup();
    await expect(store.getState().fetchWithAccessToken('http://api')).rejects.toMatchObject({
      name: 'NoAccessTokenError',
      problem: 'missing',
    });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('sends nothing once the access token has expired', async () => {
    const { store, fetch, tick } = setup();
    await signIn(store);
    tick(60_000);
    await expect(store.getState().fetchWithAccessToken('http://api')).rejects.toBeInstanceOf(
      NoAccessTokenError,
    );
    expect(fetch).not.toHaveBeenCalled();
  });

  it('waits for a renewal under way and sends the new token', async () => {
    const renewal = deferred<Session>();
    let token = 'old';
    const { store, fetch, tick, session } = setup({
      renewSilently: vi.fn(() => renewal.promise),
      accessToken: vi.fn(async () => token),
    });
    await signIn(store);
    tick(59_000);
    void store.getState().renewNow('scheduled');
    const call = store.getState().fetchWithAccessToken('http://api');
    tick(2_000);
    token = 'new';
    renewal.resolve({ ...session, accessTokenExpiresAt: session.accessTokenExpiresAt + 60_000 });
    await call;
    expect(
      new Headers((fetch.mock.calls[0] as unknown as [string, RequestInit])[1].headers).get(
        'Authorization',
      ),
    ).toBe('Bearer new');
  });
});

describe('auth store: DPoP-bound access token', () => {
  const API = 'http://localhost:4401/api/profile';
  const nonceChallenge = (nonce: string) =>
    new Response('{}', {
      status: 401,
      headers: { 'WWW-Authenticate': 'DPoP error="use_dpop_nonce"', 'DPoP-Nonce': nonce },
    });
  const sent = (fetch: ReturnType<typeof setup>['fetch']) =>
    fetch.mock.calls.map(
      (call) => new Headers((call as unknown as [string, RequestInit])[1].headers),
    );

  function dpopSetup() {
    const proofs: unknown[][] = [];
    const context = setup({
      dpopProof: vi.fn(async (...args: unknown[]) => {
        proofs.push(args);
        return `proof-${proofs.length}`;
      }),
    });
    return { ...context, proofs };
  }

  it('sends it with the DPoP scheme and a proof for this method and URL', async () => {
    const { store, fetch, proofs } = dpopSetup();
    await signIn(store);
    await store.getState().fetchWithAccessToken(API, { method: 'POST' });
    expect(sent(fetch)[0]?.get('Authorization')).toBe('DPoP access-token-1');
    expect(sent(fetch)[0]?.get('DPoP')).toBe('proof-1');
    expect(proofs).toEqual([[API, 'POST', 'access-token-1', undefined]]);
  });

  it('retries exactly once with the nonce the API asks for, and sends it on the next call', async () => {
    const { store, fetch, proofs } = dpopSetup();
    await signIn(store);
    fetch.mockResolvedValueOnce(nonceChallenge('n-1')).mockResolvedValueOnce(nonceChallenge('n-2'));
    const response = await store.getState().fetchWithAccessToken(API);
    // The second use_dpop_nonce is the answer: no loop.
    expect(response.status).toBe(401);
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(proofs.map((args) => args[3])).toEqual([undefined, 'n-1']);
    expect(sent(fetch)[1]?.get('DPoP')).toBe('proof-2');

    await store.getState().fetchWithAccessToken(API);
    expect(proofs.at(-1)?.[3]).toBe('n-1');
  });

  it('does not retry other refusals', async () => {
    const { store, fetch } = dpopSetup();
    await signIn(store);
    fetch.mockResolvedValueOnce(
      new Response('{}', {
        status: 401,
        headers: { 'WWW-Authenticate': 'DPoP error="invalid_dpop_proof"', 'DPoP-Nonce': 'n' },
      }),
    );
    expect((await store.getState().fetchWithAccessToken(API)).status).toBe(401);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('gives the lab the headers alone, with a proof made for them', async () => {
    const { store } = setup({ dpopProof: async () => 'proof' });
    await expect(store.getState().accessTokenHeaders(API, 'GET')).rejects.toBeInstanceOf(
      NoAccessTokenError,
    );
    await signIn(store);
    expect(await store.getState().accessTokenHeaders(API, 'GET')).toEqual({
      Authorization: 'DPoP access-token-1',
      DPoP: 'proof',
    });
  });
});

describe('auth store: renewal', () => {
  it('renews through the chosen transport and records how long it took', async () => {
    const renewal = deferred<Session>();
    const { store, flows, tick, session } = setup({ renewSilently: vi.fn(() => renewal.promise) });
    await signIn(store);
    const done = store.getState().renewNow('scheduled');
    expect(store.getState().status).toBe('renewing');
    tick(85);
    renewal.resolve(session);
    await done;
    expect(flows.renewSilently).toHaveBeenCalledWith('iframe');
    expect(store.getState().status).toBe('authenticated');
    expect(store.getState().timeline.at(-1)).toMatchObject({
      type: 'renewed',
      transport: 'iframe',
      durationMs: 85,
    });
  });

  it('runs one renewal at a time', async () => {
    const renewal = deferred<Session>();
    const { store, flows, session } = setup({ renewSilently: vi.fn(() => renewal.promise) });
    await signIn(store);
    const first = store.getState().renewNow('scheduled');
    const second = store.getState().renewNow('visibility');
    expect(second).toBe(first);
    renewal.resolve(session);
    await first;
    expect(flows.renewSilently).toHaveBeenCalledTimes(1);
  });

  it('uses the transport chosen in the UI', async () => {
    const { store, flows } = setup();
    await signIn(store);
    store.getState().chooseSilentTransport('web_message');
    await store.getState().renewNow();
    expect(flows.renewSilently).toHaveBeenCalledWith('web_message');
  });

  it.each([
    'fedcm_quiet_period',
    'fedcm_no_account',
    'fedcm_unsupported',
    'fedcm_disabled',
  ] as const)(
    'FedCM refused (%s): says so, then renews through the hidden frame',
    async (reason) => {
      const { store, flows, session } = setup({
        renewSilently: vi.fn(async (transport) => {
          if (transport !== 'fedcm') return session;
          throw new SilentRenewalError({ reason, error: null, description: 'refused' });
        }),
      });
      await signIn(store);
      store.getState().chooseSilentTransport('fedcm');
      await store.getState().renewNow();
      expect(vi.mocked(flows.renewSilently).mock.calls).toEqual([['fedcm'], ['web_message']]);
      expect(store.getState()).toMatchObject({ status: 'authenticated', failure: null });
      expect(statuses(store).slice(-4)).toEqual([
        'renew_started:renewing',
        'renew_failed:authenticated',
        'renew_started:renewing',
        'renewed:authenticated',
      ]);
    },
  );

  it('a FedCM failure the server decided (no fallback: the frame would hear the same)', async () => {
    const { store, flows } = setup({
      renewSilently: vi.fn(async () => {
        throw new SilentRenewalError({
          reason: 'login_required',
          error: 'login_required',
          description: null,
        });
      }),
    });
    await signIn(store);
    store.getState().chooseSilentTransport('fedcm');
    await store.getState().renewNow();
    expect(flows.renewSilently).toHaveBeenCalledTimes(1);
  });

  it('boot sign-in through FedCM refused by the browser falls back to the hidden frame', async () => {
    const { store, flows, session } = setup({
      renewSilently: vi.fn(async (transport) => {
        if (transport !== 'fedcm') return session;
        throw new SilentRenewalError({
          reason: 'fedcm_no_account',
          error: null,
          description: null,
        });
      }),
    });
    store.getState().chooseSilentTransport('fedcm');
    await store.getState().signInSilently('boot');
    expect(vi.mocked(flows.renewSilently).mock.calls).toEqual([['fedcm'], ['web_message']]);
    expect(store.getState().status).toBe('authenticated');
  });

  it('a failed renewal is classified; the state turns expired once the token is past its expiry', async () => {
    const { store, tick } = setup({
      renewSilently: vi.fn(async () => {
        tick(61_000);
        throw Object.assign(new Error('Login required'), {
          name: 'ErrorResponse',
          error: 'login_required',
        });
      }),
    });
    await signIn(store);
    await store.getState().renewNow('scheduled');
    expect(store.getState()).toMatchObject({
      status: 'expired',
      failure: { reason: 'login_required' },
    });
  });

  it('does not renew when nobody is signed in', async () => {
    const { store, flows } = setup();
    await store.getState().renewNow();
    expect(flows.renewSilently).not.toHaveBeenCalled();
  });

  it('checkExpiry turns an expired session expired and leaves a valid one alone', async () => {
    const { store, tick } = setup();
    await signIn(store);
    store.getState().checkExpiry();
    expect(store.getState().status).toBe('authenticated');
    tick(60_000);
    store.getState().checkExpiry();
    expect(store.getState().status).toBe('expired');
  });
});

describe('auth store: silent sign-in and ignored messages', () => {
  it('signs in silently when the server still has a session', async () => {
    const { store, session } = setup();
    await store.getState().signInSilently();
    expect(store.getState()).toMatchObject({ status: 'authenticated', session });
    expect(statuses(store)).toEqual([
      'silent_login_started:authenticating',
      'signed_in:authenticated',
    ]);
  });

  it('stays anonymous, with the reason, when it has none', async () => {
    const { store } = setup({
      renewSilently: vi.fn(async () => {
        throw Object.assign(new Error('Login required'), {
          name: 'ErrorResponse',
          error: 'login_required',
        });
      }),
    });
    await store.getState().signInSilently();
    expect(store.getState()).toMatchObject({
      status: 'anonymous',
      failure: { reason: 'login_required' },
    });
  });

  it('records a refused message in the timeline without changing the state', async () => {
    const { store } = setup();
    await signIn(store);
    store.getState().noteIgnoredMessage('state does not match');
    expect(store.getState().status).toBe('authenticated');
    expect(store.getState().timeline.at(-1)).toMatchObject({
      type: 'message_ignored',
      reason: 'state does not match',
    });
  });
});

describe('auth store: automatic sign-in (protected page, expired session)', () => {
  const expire = async (store: AuthStore, tick: (ms: number) => void) => {
    await signIn(store);
    tick(61_000);
    store.getState().checkExpiry();
    expect(store.getState().status).toBe('expired');
  };

  it('redirects once per tab, back to the page the user acted on', async () => {
    // sessionStorage: the marker outlives the trip to the login page and the reload after it.
    const storage = new Map<string, string>();
    const guard = () =>
      autoLoginGuard({
        getItem: (key) => storage.get(key) ?? null,
        setItem: (key, value) => void storage.set(key, value),
        removeItem: (key) => void storage.delete(key),
      });
    const first = setup({}, guard());
    await expire(first.store, first.tick);
    expect(first.store.getState().loginAutomatically('/api')).toBe(true);
    expect(first.flows.startLogin).toHaveBeenCalledWith('/api');

    // The user came back without signing in (Back button), the page reloaded and signed in
    // silently; the session expires again: this time the user is asked, not sent.
    const again = setup({}, guard());
    await again.store.getState().signInSilently();
    again.tick(61_000);
    again.store.getState().checkExpiry();
    expect(again.store.getState().status).toBe('expired');
    expect(again.store.getState().loginAutomatically('/api')).toBe(false);
    expect(again.flows.startLogin).not.toHaveBeenCalled();
  });

  it('sends an anonymous visitor of a protected page once, not again after coming back', async () => {
    const claims = [true, false];
    const { store, flows } = setup({}, { claim: () => claims.shift() ?? false, release() {} });
    expect(store.getState().loginAutomatically('/profile')).toBe(true);
    expect(flows.startLogin).toHaveBeenCalledWith('/profile');
    const again = setup({}, { claim: () => claims.shift() ?? false, release() {} });
    expect(again.store.getState().loginAutomatically('/profile')).toBe(false);
  });

  it('never redirects by itself while the session is fine', async () => {
    const claim = vi.fn(() => true);
    const { store, flows } = setup({}, { claim, release() {} });
    await signIn(store);
    expect(store.getState().loginAutomatically('/api')).toBe(false);
    expect(claim).not.toHaveBeenCalled();
    expect(flows.startLogin).not.toHaveBeenCalled();
  });

  it('a successful sign-in allows one automatic redirect again', async () => {
    const release = vi.fn();
    const { store } = setup({}, { claim: () => true, release });
    await signIn(store);
    expect(release).toHaveBeenCalledTimes(1);
  });

  it('is never automatic without a guard', async () => {
    const { store, flows, tick } = setup();
    await expire(store, tick);
    expect(store.getState().loginAutomatically('/api')).toBe(false);
    expect(flows.startLogin).not.toHaveBeenCalled();
  });
});
