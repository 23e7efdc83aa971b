import {
  type IFrameWindowParams,
  type INavigator,
  InMemoryWebStorage,
  type IWindow,
  OidcClient,
  type User,
  UserManager,
  type UserManagerSettings,
  WebStorageStateStore,
} from 'oidc-client-ts';
import { type AuthFailure, classifyAuthFailure } from './authFailure.ts';
import { type AuthFlows, LoginFailedError } from './authFlows.ts';
import type { ClientSettings, SilentTransportName } from './clientSettings.ts';
import { diagnoseLoginRequired } from './cookieProbe.ts';
import { HiddenFrameWindow } from './hiddenFrameWindow.ts';
import { iframeRedirectTransport } from './iframeRedirectTransport.ts';
import { HOME_PATH, returnPathOrHome } from './returnPath.ts';
import { type Session, sessionFromTokens } from './session.ts';
import { SilentRenewalError, type SilentTransport } from './silentTransport.ts';
import { webMessageTransport } from './webMessageTransport.ts';

export interface UserManagerFlowsOptions {
  /**
   * Where the state and PKCE verifier wait while the browser is at the login page (default:
   * sessionStorage, which survives that redirect). Tokens never go there.
   */
  stateStorage?: Storage;
  /** Where the user and its tokens live: memory only (tests pass their own to look inside). */
  userStorage?: InMemoryWebStorage;
  now?: () => number;
  /** Replaces the top-level redirect (tests). */
  redirectNavigator?: INavigator;
  /** Where silent answers arrive: the app's window (absent in tests without a DOM). */
  messageSource?: Pick<Window, 'addEventListener'>;
  /** Told about every authorization response the silent transports refused (forged, late...). */
  onIgnoredMessage?: (reason: string) => void;
  /** Opens the hidden frame for one silent request (tests replace it; default HiddenFrameWindow). */
  openSilentWindow?: (transport: SilentTransport, timeoutMs: number) => IWindow;
  /** Whether the server's cookies reach a hidden frame (see probeThirdPartyCookies). */
  probeCookies?: () => Promise<boolean | null>;
}

/** What the login request carries through `state` (kept in the state store, not in the URL). */
interface LoginStateData {
  returnPath: string;
}

const STATE_STORE_PREFIX = 'silent-auth-lab.';

/**
 * oidc-client-ts settings for this SPA: code + PKCE, tokens in memory only, no refresh token,
 * no library-driven renewal (our scheduler renews), access token for the demo API.
 */
export function userManagerSettings(
  settings: ClientSettings,
  stateStorage: Storage,
  userStorage: InMemoryWebStorage = new InMemoryWebStorage(),
): UserManagerSettings {
  return {
    authority: settings.authority,
    client_id: settings.clientId,
    redirect_uri: settings.redirectUri,
    silent_redirect_uri: settings.silentRedirectUri,
    post_logout_redirect_uri: settings.postLogoutRedirectUri,
    response_type: 'code',
    scope: settings.scope,
    extraQueryParams: { audience: settings.audience },
    userStore: new WebStorageStateStore({ store: userStorage }),
    stateStore: new WebStorageStateStore({ store: stateStorage, prefix: STATE_STORE_PREFIX }),
    automaticSilentRenew: false,
    monitorSession: false,
    loadUserInfo: false,
    revokeTokensOnSignout: false,
    includeIdTokenInSilentRenew: true,
    validateSubOnSilentRenew: true,
    silentRequestTimeoutInSeconds: settings.silentTimeoutSeconds,
  };
}

/** {@link AuthFlows} on an oidc-client-ts 3 UserManager. */
export function createUserManagerFlows(
  settings: ClientSettings,
  options: UserManagerFlowsOptions = {},
): AuthFlows {
  const now = options.now ?? Date.now;
  const transports: Record<SilentTransportName, SilentTransport> = {
    iframe: iframeRedirectTransport(settings),
    web_message: webMessageTransport(settings),
  };
  // UserManager takes one iframe navigator; renewals run one at a time, so it opens a frame
  // for the transport of the renewal under way.
  let silentTransport: SilentTransport | null = null;
  let openFrame: HiddenFrameWindow | null = null;
  const onIgnoredMessage = options.onIgnoredMessage ?? (() => {});
  // One listener for the page's lifetime, so that answers arriving when no renewal waits for
  // them (late, duplicated, forged) are seen and counted too.
  options.messageSource?.addEventListener('message', (event) => {
    const { origin, source, data } = event as MessageEvent;
    if (!Object.values(transports).some((transport) => transport.readResponse(data) !== null))
      return;
    if (openFrame?.isWaiting) openFrame.receive({ origin, source, data });
    else onIgnoredMessage('an authorization response while no silent sign-in was waiting for one');
  });
  const isServerReachable = async () => {
    try {
      await fetch(userManager.settings.metadataUrl, {
        mode: 'no-cors',
        cache: 'no-store',
        signal: AbortSignal.timeout(1_500),
      });
      return true;
    } catch {
      return false;
    }
  };
  const iframeNavigator: INavigator = {
    async prepare(params) {
      if (!silentTransport) throw new Error('No silent transport chosen for this sign-in');
      const { silentRequestTimeoutInSeconds } = params as IFrameWindowParams;
      const timeoutMs = (silentRequestTimeoutInSeconds ?? settings.silentTimeoutSeconds) * 1000;
      if (options.openSilentWindow) return options.openSilentWindow(silentTransport, timeoutMs);
      openFrame = new HiddenFrameWindow({
        transport: silentTransport,
        timeoutMs,
        isServerReachable,
        onIgnoredMessage,
      });
      return openFrame;
    },
    async callback() {
      throw new Error('silent-callback.html answers silent sign-ins, not the app');
    },
  };
  const userManager = new UserManager(
    userManagerSettings(
      settings,
      options.stateStorage ?? window.sessionStorage,
      options.userStorage,
    ),
    options.redirectNavigator,
    undefined,
    iframeNavigator,
  );
  // Reads the stored request for a response without consuming it (UserManager's own client
  // removes it), to learn the return path even when the code exchange then fails.
  const stateReader = new OidcClient(userManager.settings, userManager.metadataService);

  const toSession = async (user: User): Promise<Session> => {
    // Never hold a refresh token, even if a misconfigured server sends one; oidc-client-ts
    // would also prefer it over the iframe in signinSilent.
    if (user.refresh_token) {
      user.refresh_token = undefined;
      await userManager.storeUser(user);
    }
    return sessionFromTokens(
      {
        idToken: user.id_token,
        accessToken: user.access_token,
        expiresAtSeconds: user.expires_at,
        scope: user.scope,
      },
      { issuer: settings.issuer, clientId: settings.clientId, receivedAt: now() },
    );
  };

  return {
    async startLogin(returnPath) {
      const state: LoginStateData = { returnPath };
      await userManager.signinRedirect({ state, nonce: randomNonce() });
    },

    async finishLogin(callbackUrl) {
      let returnPath = HOME_PATH;
      try {
        const { state } = await stateReader.readSigninResponseState(callbackUrl);
        returnPath = returnPathOrHome(
          (state.data as Partial<LoginStateData>)?.returnPath,
          settings.spaOrigin,
        );
      } catch (error) {
        throw new LoginFailedError(
          withResponseError(classifyAuthFailure(error), callbackUrl),
          HOME_PATH,
        );
      }
      try {
        return {
          session: await toSession(await userManager.signinRedirectCallback(callbackUrl)),
          returnPath,
        };
      } catch (error) {
        await userManager.removeUser();
        throw new LoginFailedError(classifyAuthFailure(error), returnPath);
      }
    },

    async renewSilently(name) {
      const transport = transports[name];
      silentTransport = transport;
      // oidc-client-ts stores the new user before our own checks: keep the old one until they pass.
      const previous = await userManager.getUser();
      try {
        const user = await userManager.signinSilent({
          nonce: randomNonce(),
          extraQueryParams: { audience: settings.audience, ...transport.authorizeParams },
        });
        if (!user) throw new Error('The silent sign-in returned no user');
        try {
          return await toSession(user);
        } catch (error) {
          if (previous) await userManager.storeUser(previous);
          else await userManager.removeUser();
          throw error;
        }
      } catch (error) {
        const failure = classifyAuthFailure(error);
        const { probeCookies } = options;
        throw new SilentRenewalError(
          probeCookies ? await diagnoseLoginRequired(failure, probeCookies) : failure,
        );
      } finally {
        silentTransport = null;
      }
    },

    async accessToken() {
      return (await userManager.getUser())?.access_token ?? null;
    },

    async forgetUser() {
      await userManager.removeUser();
    },

    async startLogout() {
      // UserManager adds id_token_hint from the stored user, then removes the user. The default
      // extraQueryParams (audience) mean nothing to the end-session endpoint.
      try {
        await userManager.signoutRedirect({ extraQueryParams: {} });
      } finally {
        await userManager.removeUser();
      }
    },
  };
}

/**
 * A response whose state we cannot match may still carry the server's error (e.g. the user
 * opened the callback in another tab); keep the code so the message can say what it was.
 */
function withResponseError(failure: AuthFailure, callbackUrl: string): AuthFailure {
  const error = new URL(callbackUrl, 'http://invalid').searchParams.get('error');
  return error && !failure.error ? { ...failure, error } : failure;
}

function randomNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
