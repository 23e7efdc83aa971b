import {
  type CreateSigninRequestArgs,
  type IWindow,
  OidcClient,
  type OidcClientSettings,
  User,
  type UserProfile,
  WebStorageStateStore,
} from 'oidc-client-ts';
import { type AuthFailure, classifyAuthFailure } from './authFailure.ts';
import { type AuthFlows, LoginFailedError } from './authFlows.ts';
import { checkResponseIssuer } from './checkResponseIssuer.ts';
import type { ClientSettings, SilentTransportName } from './clientSettings.ts';
import type { CookieProbe } from './cookieProbe.ts';
import { type DpopKeyStore, indexedDbDpopKeyStore } from './dpopKeyStore.ts';
import { dpopThumbprint } from './dpopThumbprint.ts';
import { isServerReachable, SpareHiddenFrames } from './hiddenFrame.ts';
import { HiddenFrameWindow, listenForFrameAnswers } from './hiddenFrameWindow.ts';
import { iframeRedirectTransport } from './iframeRedirectTransport.ts';
import { HOME_PATH, returnPathOrHome } from './returnPath.ts';
import { InvalidTokenResponseError, type Session, sessionFromTokens } from './session.ts';
import { SilentRenewalError, type SilentTransport } from './silentTransport.ts';
import { webMessageTransport } from './webMessageTransport.ts';

export interface CodeFlowsOptions {
  /**
   * Where the state and PKCE verifier wait while the browser is at the login page (default:
   * sessionStorage, which survives that redirect). Tokens never go there.
   */
  stateStorage?: Storage;
  now?: () => number;
  /** Top-level navigation; resolves only if the page comes back (bfcache). Tests record it. */
  redirect?: (url: string) => Promise<void>;
  /** Where silent answers arrive: the app's window (absent in tests without a DOM). */
  messageSource?: Pick<Window, 'addEventListener'>;
  /** Told about every authorization response the silent transports refused (forged, late...). */
  onIgnoredMessage?: (reason: string) => void;
  /** Opens the hidden frame for one silent request (tests replace it; default HiddenFrameWindow). */
  openSilentWindow?: (transport: SilentTransport, timeoutMs: number) => IWindow;
  /** Whether the server's cookies reach a hidden frame (see probeThirdPartyCookies). */
  probeCookies?: CookieProbe;
  /** Where the DPoP key pair lives when `settings.dpop` (default: IndexedDB, shared by tabs). */
  dpopKeys?: DpopKeyStore;
}

/** What the login request carries through `state` (kept in the state store, not in the URL). */
interface LoginStateData {
  returnPath: string;
}

const STATE_STORE_PREFIX = 'silent-auth-lab.';

/**
 * oidc-client-ts settings for this SPA: code + PKCE, no user info call, the state in
 * `stateStorage`. The API audience goes on each authorize request, not on logout. With a DPoP
 * key store, oidc-client-ts signs the code exchange's proof and retries it once on
 * `use_dpop_nonce` (RFC 9449 §8).
 */
export function oidcClientSettings(
  settings: ClientSettings,
  stateStorage: Storage,
  dpopKeys?: DpopKeyStore,
): OidcClientSettings {
  return {
    authority: settings.authority,
    client_id: settings.clientId,
    redirect_uri: settings.redirectUri,
    post_logout_redirect_uri: settings.postLogoutRedirectUri,
    response_type: 'code',
    scope: settings.scope,
    stateStore: new WebStorageStateStore({ store: stateStorage, prefix: STATE_STORE_PREFIX }),
    loadUserInfo: false,
    ...(dpopKeys && { dpop: { store: dpopKeys } }),
  };
}

/**
 * {@link AuthFlows} for the authorization code flow with PKCE, on oidc-client-ts's OidcClient
 * (requests, state, code exchange, response checks). Not its UserManager: our store, scheduler
 * and transports do what UserManager would (and it is a third of the auth layer's weight).
 * The user and its tokens live in this closure only.
 */
export function createCodeFlows(
  settings: ClientSettings,
  options: CodeFlowsOptions = {},
): AuthFlows {
  const now = options.now ?? Date.now;
  const dpopKeys = settings.dpop ? (options.dpopKeys ?? indexedDbDpopKeyStore()) : undefined;
  const keys = () => dpopKeys?.keysFor(settings.clientId);
  /** `dpop_jkt` (RFC 9449 §10): the code, framed or not, is bound to this browser's key. */
  const dpopJkt = async () => {
    const pair = await keys();
    return pair && dpopThumbprint(pair);
  };
  const client = new OidcClient(
    oidcClientSettings(settings, options.stateStorage ?? window.sessionStorage, dpopKeys),
  );
  const retryAfter = observeTokenRetryAfter(client, now);
  let user: User | null = null;
  const transports: Partial<Record<SilentTransportName, SilentTransport>> = {
    iframe: iframeRedirectTransport(settings),
    web_message: webMessageTransport(settings),
  };
  let openFrame: HiddenFrameWindow | null = null;
  let frames: SpareHiddenFrames | null = null;
  const onIgnoredMessage = options.onIgnoredMessage ?? (() => {});
  listenForFrameAnswers(options.messageSource, {
    transports: Object.values(transports),
    current: () => openFrame,
    onIgnoredMessage,
  });
  const openSilentWindow = (transport: SilentTransport): IWindow => {
    const timeoutMs = settings.silentTimeoutSeconds * 1000;
    if (options.openSilentWindow) return options.openSilentWindow(transport, timeoutMs);
    frames ??= new SpareHiddenFrames(document);
    openFrame = new HiddenFrameWindow({
      transport,
      timeoutMs,
      isServerReachable: () => isServerReachable(settings.issuer),
      onIgnoredMessage,
      frames,
    });
    return openFrame;
  };
  const redirect =
    options.redirect ??
    ((url: string) =>
      new Promise<void>((resolve) => {
        window.addEventListener('pageshow', () => resolve(), { once: true });
        window.location.assign(url);
      }));

  /** A sign-in request for `args` through `through`, and the checked response as a user. */
  const signIn = async (args: CreateSigninRequestArgs, through: Pick<IWindow, 'navigate'>) => {
    retryAfter.forget();
    const request = await client.createSigninRequest({
      nonce: crypto.randomUUID(),
      dpopJkt: await dpopJkt(),
      ...args,
      extraQueryParams: { audience: settings.audience, ...args.extraQueryParams },
    });
    const { url } = await through.navigate({ url: request.url, state: request.state.id });
    checkResponseIssuer(url, settings.issuer);
    return new User(await client.processSigninResponse(url));
  };

  const sessionOf = (tokens: User): Session =>
    sessionFromTokens(
      {
        idToken: tokens.id_token,
        accessToken: tokens.access_token,
        expiresAtSeconds: tokens.expires_at,
        scope: tokens.scope,
        tokenType: tokens.token_type,
      },
      { issuer: settings.issuer, clientId: settings.clientId, receivedAt: now() },
    );

  /** Checks `next` and makes it the user; the current user stays when a check fails. */
  const keep = (next: User): Session => {
    // Never hold a refresh token, even if a misconfigured server sends one.
    next.refresh_token = undefined;
    const session = sessionOf(next);
    user = next;
    return session;
  };

  return {
    async startLogin(returnPath) {
      const state: LoginStateData = { returnPath };
      const request = await client.createSigninRequest({
        state,
        nonce: crypto.randomUUID(),
        dpopJkt: await dpopJkt(),
        extraQueryParams: { audience: settings.audience },
      });
      await redirect(request.url);
    },

    async finishLogin(callbackUrl) {
      let returnPath = HOME_PATH;
      try {
        // Read without consuming, to learn the return path even when the exchange then fails.
        const { state } = await client.readSigninResponseState(callbackUrl);
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
        checkResponseIssuer(callbackUrl, settings.issuer);
        return {
          session: keep(new User(await client.processSigninResponse(callbackUrl))),
          returnPath,
        };
      } catch (error) {
        user = null;
        throw new LoginFailedError(classifyAuthFailure(error), returnPath);
      }
    },

    async renewSilently(name) {
      const previous = user;
      try {
        const next = await signIn(
          {
            redirect_uri: settings.silentRedirectUri,
            prompt: 'none',
            id_token_hint: previous?.id_token,
            extraQueryParams: transports[name]?.authorizeParams,
          },
          // FedCM (no frame transport) stands in for the frame: its module, a chunk loaded only
          // when chosen, is the window.
          transports[name] ? openSilentWindow(transports[name]) : await import('./fedcmWindow.ts'),
        );
        // prompt=none signs in whoever the server's session belongs to: for us, no session.
        if (previous && next.profile.sub !== previous.profile.sub) {
          throw new SilentRenewalError({
            reason: 'login_required',
            error: 'login_required',
            description: 'The authorization server signed in another user',
            decidedBy: 'server_answer',
          });
        }
        return keep(next);
      } catch (error) {
        const failure = retryAfter.with(classifyAuthFailure(error));
        const { probeCookies } = options;
        throw new SilentRenewalError(
          probeCookies
            ? await (await import('./cookieProbe.ts')).diagnoseLoginRequired(failure, probeCookies)
            : failure,
        );
      } finally {
        frames?.between();
      }
    },

    async accessToken() {
      return user?.access_token ?? null;
    },

    async dpopProof(url, method, accessToken, nonce) {
      // Only a bound token gets a proof: a server whose policy is `off` sends bearer tokens.
      const pair = /^dpop$/i.test(user?.token_type ?? '') ? await keys() : undefined;
      if (!pair) return null;
      // Loaded on the first API call: a session that only signs in and renews never needs it.
      const { createDpopProof } = await import('./dpopProof.ts');
      return createDpopProof(pair, { htm: method, htu: url, accessToken, nonce });
    },

    async exportTokens() {
      return user?.toStorageString() ?? null;
    },

    async adoptTokens(text, accept) {
      const next = User.fromStorageString(text);
      next.refresh_token = undefined;
      const session = sessionOf(next);
      if (typeof next.access_token !== 'string' || session.accessTokenExpiresAt <= now()) {
        throw new InvalidTokenResponseError('The access token is missing or expired');
      }
      // The profile (the sub check of the next renewal) comes from the checked ID token, not
      // from what the other tab said.
      next.profile = session.idTokenClaims as UserProfile;
      if (accept(session)) user = next;
    },

    async forgetUser() {
      user = null;
    },

    async startLogout() {
      const idToken = user?.id_token;
      user = null;
      const request = await client.createSignoutRequest({ id_token_hint: idToken });
      await redirect(request.url);
    },
  };
}

/**
 * The `Retry-After` of the last refused code exchange. oidc-client-ts throws a token error
 * without the response's headers, so the fetch of its code exchange (and only that one: the
 * response validator's token client) is wrapped to read it. Nothing else about the answer changes.
 */
function observeTokenRetryAfter(client: OidcClient, now: () => number) {
  type Exchange = { fetchWithTimeout?: (...args: unknown[]) => Promise<Response> };
  const exchange = (
    client as unknown as { _validator?: { _tokenClient?: { _jsonService?: Exchange } } }
  )._validator?._tokenClient?._jsonService;
  const fetchWithTimeout = exchange?.fetchWithTimeout?.bind(exchange);
  let seconds: number | undefined;
  if (exchange && fetchWithTimeout) {
    exchange.fetchWithTimeout = async (...args) => {
      const response = await fetchWithTimeout(...args);
      // Failure-only code, loaded when an exchange is refused.
      if (!response.ok) {
        const { parseRetryAfter } = await import('./parseRetryAfter.ts');
        seconds = parseRetryAfter(response.headers.get('Retry-After'), now());
      }
      return response;
    };
  }
  return {
    forget() {
      seconds = undefined;
    },
    with: (failure: AuthFailure): AuthFailure =>
      seconds === undefined ? failure : { ...failure, retryAfterSeconds: seconds },
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
