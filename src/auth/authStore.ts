import { createStore, type StoreApi } from 'zustand/vanilla';
import {
  type AuthFailure,
  classifyAuthFailure,
  isAuthFailure,
  noticeOffline,
} from './authFailure.ts';
import { type AuthFlows, LoginFailedError } from './authFlows.ts';
import {
  type AuthEvent,
  type AuthMachineState,
  applyAuthEvent,
  INITIAL_AUTH_STATE,
  type RenewTrigger,
  type RetryCancelCause,
} from './authMachine.ts';
import type { ClientSettings, SilentTransportName } from './clientSettings.ts';
import { dpopNonceAsked, presentAccessToken } from './presentAccessToken.ts';
import { HOME_PATH, returnPathOrHome } from './returnPath.ts';
import type { TabChannel, TabMessage } from './tabChannel.ts';
import { isExpiredAt } from './tokenExpiry.ts';

export type LoginCompletion =
  | { ok: true; returnPath: string }
  | { ok: false; failure: AuthFailure; returnPath: string };

export interface AuthActions {
  /** Top-level redirect to the login page; afterwards back to `returnPath` (same-origin only). */
  login(returnPath?: string): Promise<void>;
  /** Finishes the login for the authorization response in `callbackUrl` (once per URL). */
  completeLogin(callbackUrl: string): Promise<LoginCompletion>;
  /** Ends the app session (tokens forgotten) and the server session (end-session redirect). */
  logout(): Promise<void>;
  /** One silent renewal now; shares the renewal already under way, if any. */
  renewNow(trigger?: RenewTrigger): Promise<void>;
  /** Moves to `expired` if the access token has expired and no renewal is under way. */
  checkExpiry(): void;
  /**
   * Signs in without a page (e.g. after a reload): with the tokens of another tab if one
   * answers, else with prompt=none when the server still has a session. `transport` defaults
   * to the chosen one (after FedCM's refusal, the hidden frame is asked).
   */
  signInSilently(trigger?: RenewTrigger, transport?: SilentTransportName): Promise<void>;
  /**
   * A top-level sign-in nobody clicked for, back to `returnPath`: for a protected page while
   * anonymous, or when the user acts after the session expired. At most once per tab until a
   * sign-in succeeds, so a login that keeps failing cannot loop; false when refused (the UI
   * offers a "Sign in" button instead).
   */
  loginAutomatically(returnPath: string): boolean;
  /** Records an authorization response a silent transport refused (forged, late, duplicate). */
  noteIgnoredMessage(reason: string): void;
  /** Records the retry the renewal scheduler planned after a transient failure. */
  noteRetryScheduled(plan: {
    attempt: number;
    delayMs: number;
    after: AuthFailure['reason'];
    retryAfterSeconds?: number;
  }): void;
  /** Records that the planned retry will not run on its timer. */
  noteRetryCancelled(cause: RetryCancelCause): void;
  /** Chooses the silent transport for the next renewals. */
  chooseSilentTransport(transport: SilentTransportName): void;
  /**
   * `fetch` with the current access token: as a DPoP-bound token with a fresh proof (RFC 9449
   * §7; one retry when the server asks for a nonce), or as a bearer token (RFC 6750 §2.1).
   */
  fetchWithAccessToken(input: string | URL, init?: RequestInit): Promise<Response>;
  /**
   * The headers that present the current access token on `method` `url` (a proof made now, for
   * the lab to send as it likes); throws {@link NoAccessTokenError}.
   */
  accessTokenHeaders(url: string, method: string, nonce?: string): Promise<Record<string, string>>;
}

export interface AuthState extends AuthMachineState, AuthActions {
  silentTransport: SilentTransportName;
}

/** What the app gets: read and subscribe, call the actions — never `setState`. */
export type AuthStore = Pick<StoreApi<AuthState>, 'getState' | 'getInitialState' | 'subscribe'>;

/** Thrown by fetchWithAccessToken when there is no valid access token to send. */
export class NoAccessTokenError extends Error {
  override readonly name = 'NoAccessTokenError';
  constructor(readonly problem: 'missing' | 'expired') {
    super(
      problem === 'expired'
        ? 'The access token has expired and has not been renewed.'
        : 'There is no access token: sign in first.',
    );
  }
}

export interface AuthStoreDependencies {
  settings: Pick<ClientSettings, 'spaOrigin' | 'silentTransport'>;
  flows: AuthFlows;
  now?: () => number;
  fetch?: typeof fetch;
  /** The other tabs of this app (default: none). */
  tabs?: TabChannel;
  /** Guards {@link AuthActions.loginAutomatically} (default: never automatic). */
  autoLogin?: AutoLoginGuard;
  /** Whether the browser says it is online (`navigator.onLine`; default: always). */
  isOnline?: () => boolean;
}

/** A per-tab "already redirected automatically" marker (see autoLoginGuard.ts). */
export interface AutoLoginGuard {
  /** True once, until {@link AutoLoginGuard.release}. */
  claim(): boolean;
  release(): void;
}

/**
 * How long to wait for the other tabs' answers. Every open tab answers at once (tokens, or
 * `no_tokens`), so this bounds only a tab that cannot: frozen in the background, or busy with a
 * request whose tokens it shares when the request ends. Generous, because a loaded machine can
 * take hundreds of milliseconds to deliver one message.
 */
export const TAB_ANSWER_MS = 1_000;

const LONE_TAB: TabChannel = {
  post() {},
  listen() {},
  otherTabs: async () => 0,
  exclusive: (task) => task(false),
};

/**
 * The one auth store: the state machine's state and timeline side by side with the actions
 * that drive it. Only this module writes it, and only through {@link applyAuthEvent}.
 */
export function createAuthStore({
  settings,
  flows,
  now = Date.now,
  fetch: fetchImpl = (...args) => globalThis.fetch(...args),
  tabs = LONE_TAB,
  autoLogin = { claim: () => false, release() {} },
  isOnline = () => true,
}: AuthStoreDependencies): AuthStore {
  const diagnose = (error: unknown) => noticeOffline(classifyAuthFailure(error), isOnline());
  const completions = new Map<string, Promise<LoginCompletion>>();
  let renewal: Promise<void> | null = null;
  /** The last `DPoP-Nonce` each resource server (by origin) gave (RFC 9449 §9). */
  const dpopNonces = new Map<string, string>();
  /** A request of ours is under way: its answer decides, not what other tabs say meanwhile. */
  let requesting = false;
  /** Waiting for the other tabs to answer our `ask`: how many have said they have no tokens. */
  let asking: { others: number; declined: number; allDeclined(): void } | null = null;

  const store = createStore<AuthState>()((set, get) => {
    /** Applies `event`; false when the machine refuses it in the current state. */
    const record = (event: AuthEvent): boolean => {
      const next = applyAuthEvent(get(), event, now());
      if (next === null) return false;
      set(next);
      return true;
    };

    /** Resolves when the status is no longer `status`, or after `ms`. */
    const leaving = (status: AuthState['status'], ms: number) =>
      new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          unsubscribe();
          resolve();
        };
        const timer = setTimeout(done, ms);
        const unsubscribe = store.subscribe((state) => state.status !== status && done());
        if (get().status !== status) done();
      });

    /** Hands our current tokens to the other tabs (they keep them only if fresher, same user). */
    const share = async (): Promise<boolean> => {
      const { status, session } = get();
      if (requesting || !session || (status !== 'authenticated' && status !== 'renewing')) {
        return false;
      }
      const user = await flows.exportTokens?.();
      if (user) tabs.post({ type: 'tokens', user });
      return Boolean(user);
    };

    const receive = async (data: unknown) => {
      const message = data as TabMessage;
      switch (message?.type) {
        case 'ask':
          // A tab with a request under way answers when it ends: it shares what it gets.
          if (!requesting && !(await share())) tabs.post({ type: 'no_tokens' });
          return;
        case 'no_tokens':
          if (asking && ++asking.declined >= asking.others) asking.allDeclined();
          return;
        case 'tokens':
          if (requesting || !flows.adoptTokens) return;
          try {
            await flows.adoptTokens(message.user, (session) =>
              record(
                asking
                  ? { type: 'signed_in', session, via: 'other_tab' }
                  : { type: 'tokens_shared', session },
              ),
            );
          } catch (error) {
            record({
              type: 'message_ignored',
              reason: `tokens from another tab that failed the checks (${classifyAuthFailure(error).description})`,
            });
          }
          return;
        case 'renew_failed': {
          // Only a tab waiting to renew the very same token takes the other tab's answer.
          const { status, session } = get();
          const { of, failure, transport, durationMs } = message;
          if (requesting || status !== 'renewing' || session?.accessTokenExpiresAt !== of) return;
          if (!isAuthFailure(failure)) return;
          record({ type: 'renew_failed', failure, transport, durationMs, inOtherTab: true });
          return;
        }
        case 'logged_out':
          if (record({ type: 'logged_out', initiator: 'other_tab' })) await flows.forgetUser();
      }
    };
    tabs.listen((data) => void receive(data));

    const finishLogin = async (callbackUrl: string): Promise<LoginCompletion> => {
      if (!record({ type: 'callback_received' })) {
        const failure: AuthFailure = {
          reason: 'invalid_state',
          error: null,
          description: `A sign-in response arrived while the session was ${get().status}.`,
        };
        return { ok: false, failure, returnPath: HOME_PATH };
      }
      try {
        const { session, returnPath } = await flows.finishLogin(callbackUrl);
        if (record({ type: 'signed_in', session, via: 'redirect' })) {
          autoLogin.release();
          void share();
        }
        return { ok: true, returnPath };
      } catch (error) {
        const { failure, returnPath } =
          error instanceof LoginFailedError
            ? error
            : { failure: classifyAuthFailure(error), returnPath: HOME_PATH };
        record({ type: 'login_failed', failure, returnPath });
        return { ok: false, failure, returnPath };
      }
    };

    /** One request through the silent transport, with no other tab's answer taken meanwhile. */
    const requestSilently = async (transport: SilentTransportName) => {
      requesting = true;
      try {
        return await flows.renewSilently(transport);
      } finally {
        requesting = false;
      }
    };

    const renew = async (
      trigger: RenewTrigger,
      transport: SilentTransportName = get().silentTransport,
    ): Promise<void> => {
      if (!record({ type: 'renew_started', transport, trigger })) return;
      const of = get().session?.accessTokenExpiresAt ?? 0;
      // One renewal per token across tabs: the tab holding the lock renews and posts the result
      // before releasing it; a tab that had to wait takes that result instead of renewing again.
      const refused = await tabs.exclusive(async (contended) => {
        // The lock can come free before the holder's message has arrived here.
        if (contended) await leaving('renewing', TAB_ANSWER_MS);
        if (get().status !== 'renewing') return;
        const startedAt = now();
        try {
          const session = await requestSilently(transport);
          if (record({ type: 'renewed', session, transport, durationMs: now() - startedAt })) {
            await share();
          }
        } catch (error) {
          const failure = diagnose(error);
          const durationMs = now() - startedAt;
          record({ type: 'renew_failed', failure, transport, durationMs });
          tabs.post({ type: 'renew_failed', of, failure, transport, durationMs });
          // FedCM refused (not supported, no account, turned off, the quiet period): the hidden
          // frame gets its turn; if it fails too, the notice offers a full-page sign-in.
          return failure.reason.startsWith('fedcm_');
        }
      });
      // Said in the timeline: FedCM's failure, then the hidden frame's own renewal.
      if (refused) await renew(trigger, 'web_message');
    };

    return {
      ...INITIAL_AUTH_STATE,
      silentTransport: settings.silentTransport,

      async login(returnPath = HOME_PATH) {
        const path = returnPathOrHome(returnPath, settings.spaOrigin);
        if (!record({ type: 'login_started', returnPath: path })) return;
        try {
          await flows.startLogin(path);
          // Only reached when the browser comes back without logging in (bfcache).
          record({ type: 'login_abandoned' });
        } catch (error) {
          record({ type: 'login_failed', failure: classifyAuthFailure(error), returnPath: path });
        }
      },

      completeLogin(callbackUrl) {
        let completion = completions.get(callbackUrl);
        if (!completion) {
          completion = finishLogin(callbackUrl);
          completions.set(callbackUrl, completion);
        }
        return completion;
      },

      async logout() {
        if (!record({ type: 'logged_out', initiator: 'user' })) return;
        tabs.post({ type: 'logged_out' });
        try {
          await flows.startLogout();
        } catch (error) {
          await flows.forgetUser();
          record({ type: 'server_logout_failed', failure: classifyAuthFailure(error) });
        }
      },

      renewNow(trigger = 'manual') {
        renewal ??= renew(trigger).finally(() => {
          renewal = null;
        });
        return renewal;
      },

      async signInSilently(trigger = 'boot', transport = get().silentTransport) {
        if (!record({ type: 'silent_login_started', transport, trigger })) return;
        // Another tab may hold tokens already: ask it before making a request of our own.
        const others = await tabs.otherTabs();
        if (others > 0) {
          await new Promise<void>((resolve) => {
            asking = { others, declined: 0, allDeclined: resolve };
            tabs.post({ type: 'ask' });
            void leaving('authenticating', TAB_ANSWER_MS).then(resolve);
          });
          asking = null;
        }
        if (get().status !== 'authenticating') return;
        try {
          const session = await requestSilently(transport);
          if (record({ type: 'signed_in', session, via: 'silent', transport })) void share();
        } catch (error) {
          const failure = diagnose(error);
          record({ type: 'silent_login_failed', failure });
          // As for a renewal: after FedCM's refusal, the hidden frame.
          if (failure.reason.startsWith('fedcm_'))
            await get().signInSilently(trigger, 'web_message');
        }
      },

      loginAutomatically(returnPath) {
        const { status } = get();
        if ((status !== 'expired' && status !== 'anonymous') || !autoLogin.claim()) return false;
        void get().login(returnPath);
        return true;
      },

      noteIgnoredMessage(reason) {
        record({ type: 'message_ignored', reason });
      },

      noteRetryScheduled(plan) {
        record({ type: 'renew_retry_scheduled', ...plan });
      },

      noteRetryCancelled(cause) {
        record({ type: 'renew_retry_cancelled', cause });
      },

      checkExpiry() {
        record({ type: 'access_token_expired' });
      },

      chooseSilentTransport(transport) {
        set({ silentTransport: transport });
      },

      async accessTokenHeaders(url, method, nonce) {
        // A renewal under way is about to bring a fresh token: wait for it rather than send
        // one that is expiring.
        if (renewal) await renewal;
        const { session } = get();
        const token = session ? await flows.accessToken() : null;
        if (!session || !token) throw new NoAccessTokenError('missing');
        if (isExpiredAt(session.accessTokenExpiresAt, now()))
          throw new NoAccessTokenError('expired');
        return presentAccessToken(token, url, method, flows.dpopProof, nonce);
      },

      async fetchWithAccessToken(input, init) {
        const url = String(input);
        const { origin } = new URL(url, settings.spaOrigin);
        const send = async () => {
          const headers = new Headers(init?.headers);
          const presented = await get().accessTokenHeaders(
            url,
            init?.method ?? 'GET',
            dpopNonces.get(origin),
          );
          for (const [name, value] of Object.entries(presented)) headers.set(name, value);
          return fetchImpl(input, { ...init, headers });
        };
        const response = await send();
        const nonce = dpopNonceAsked(response);
        if (!nonce) return response;
        dpopNonces.set(origin, nonce);
        // Once only: a server that asks again is answered by what it said.
        return send();
      },
    };
  });

  return store;
}
