import { createStore, type StoreApi } from 'zustand/vanilla';
import { type AuthFailure, classifyAuthFailure } from './authFailure.ts';
import { type AuthFlows, LoginFailedError } from './authFlows.ts';
import {
  type AuthEvent,
  type AuthMachineState,
  applyAuthEvent,
  INITIAL_AUTH_STATE,
  type RenewTrigger,
} from './authMachine.ts';
import type { ClientSettings, SilentTransportName } from './clientSettings.ts';
import { HOME_PATH, returnPathOrHome } from './returnPath.ts';
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
  /** Signs in with prompt=none when the server still has a session (e.g. after a reload). */
  signInSilently(): Promise<void>;
  /** Records an authorization response a silent transport refused (forged, late, duplicate). */
  noteIgnoredMessage(reason: string): void;
  /** Chooses the silent transport for the next renewals. */
  chooseSilentTransport(transport: SilentTransportName): void;
  /** `fetch` with the current access token as a bearer token (RFC 6750 §2.1). */
  fetchWithAccessToken(input: string | URL, init?: RequestInit): Promise<Response>;
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
}

/**
 * The one auth store: the state machine's state and timeline side by side with the actions
 * that drive it. Only this module writes it, and only through {@link applyAuthEvent}.
 */
export function createAuthStore({
  settings,
  flows,
  now = Date.now,
  fetch: fetchImpl = (...args) => globalThis.fetch(...args),
}: AuthStoreDependencies): AuthStore {
  const completions = new Map<string, Promise<LoginCompletion>>();
  let renewal: Promise<void> | null = null;

  const store = createStore<AuthState>()((set, get) => {
    /** Applies `event`; false when the machine refuses it in the current state. */
    const record = (event: AuthEvent): boolean => {
      const next = applyAuthEvent(get(), event, now());
      if (next === null) return false;
      set(next);
      return true;
    };

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
        record({ type: 'signed_in', session, via: 'redirect' });
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

    const renew = async (trigger: RenewTrigger) => {
      const transport = get().silentTransport;
      if (!record({ type: 'renew_started', transport, trigger })) return;
      const startedAt = now();
      try {
        const session = await flows.renewSilently(transport);
        record({ type: 'renewed', session, transport, durationMs: now() - startedAt });
      } catch (error) {
        const failure = classifyAuthFailure(error);
        record({ type: 'renew_failed', failure, transport, durationMs: now() - startedAt });
      }
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

      async signInSilently() {
        const transport = get().silentTransport;
        if (!record({ type: 'silent_login_started', transport })) return;
        try {
          const session = await flows.renewSilently(transport);
          record({ type: 'signed_in', session, via: 'silent' });
        } catch (error) {
          record({ type: 'silent_login_failed', failure: classifyAuthFailure(error) });
        }
      },

      noteIgnoredMessage(reason) {
        record({ type: 'message_ignored', reason });
      },

      checkExpiry() {
        record({ type: 'access_token_expired' });
      },

      chooseSilentTransport(transport) {
        set({ silentTransport: transport });
      },

      async fetchWithAccessToken(input, init) {
        // A renewal under way is about to bring a fresh token: wait for it rather than send
        // one that is expiring.
        if (renewal) await renewal;
        const { session } = get();
        const token = session ? await flows.accessToken() : null;
        if (!session || !token) throw new NoAccessTokenError('missing');
        if (isExpiredAt(session.accessTokenExpiresAt, now()))
          throw new NoAccessTokenError('expired');
        const headers = new Headers(init?.headers);
        headers.set('Authorization', `Bearer ${token}`);
        return fetchImpl(input, { ...init, headers });
      },
    };
  });

  return store;
}
