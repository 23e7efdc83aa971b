import { createRemoteJWKSet, customFetch, type JWTVerifyGetKey } from 'jose';
import type { IWindow } from 'oidc-client-ts';
import { classifyAuthFailure } from '../authFailure.ts';
import { type AuthFlows, LoginFailedError } from '../authFlows.ts';
import type { ClientSettings } from '../clientSettings.ts';
import type { CookieProbe } from '../cookieProbe.ts';
import type { JwtClaims } from '../decodeJwtClaims.ts';
import { isServerReachable } from '../hiddenFrame.ts';
import { HiddenFrameWindow, listenForFrameAnswers } from '../hiddenFrameWindow.ts';
import { HOME_PATH, returnPathOrHome } from '../returnPath.ts';
import { InvalidTokenResponseError, type Session, sessionFromTokens } from '../session.ts';
import { webMessageTransport } from '../webMessageTransport.ts';
import { buildImplicitAuthorizeUrl } from './buildImplicitAuthorizeUrl.ts';
import { checkSession } from './checkSession.ts';
import { ImplicitFlowError } from './implicitFlowError.ts';
import { implicitTransactionStore } from './implicitTransactionStore.ts';
import { loadProviderMetadata, type ProviderMetadata } from './loadProviderMetadata.ts';
import { type ImplicitTokens, parseImplicitResponse } from './parseImplicitResponse.ts';
import { removeFragmentFromUrl } from './removeFragmentFromUrl.ts';
import { createReplayGuard } from './replayGuard.ts';
import type { IdTokenVerifier } from './verifyImplicitIdToken.ts';

export interface ImplicitFlowsOptions {
  /** Location, history, messages, the frame's document; sessionStorage unless given below. */
  window?: Window;
  /** Where a sign-in's transaction waits during the redirect (default: sessionStorage). */
  transactionStorage?: Storage;
  now?: () => number;
  fetch?: typeof fetch;
  /** Top-level navigation; resolves only if the page comes back (bfcache). */
  redirect?: (url: string) => Promise<void>;
  onIgnoredMessage?: (reason: string) => void;
  probeCookies?: CookieProbe;
  /** Replaces the hidden frame (tests). */
  openFrame?: () => IWindow;
  /** Replaces the server's JWKS (tests). */
  getKey?: JWTVerifyGetKey;
}

/**
 * {@link AuthFlows} on the legacy implicit flow (`id_token token`): sign-in by redirect with the
 * tokens in the fragment, renewal by {@link checkSession}. Tokens live in this closure only.
 * The store drives it exactly like the code flow, so state machine, timeline, scheduler and
 * cross-tab rules apply unchanged.
 */
export function createImplicitFlows(
  settings: ClientSettings,
  options: ImplicitFlowsOptions = {},
): Required<AuthFlows> {
  const win: Window | undefined = options.window ?? globalThis.window;
  const browser = (): Window => {
    if (!win) throw new Error('The implicit flow needs a browser window');
    return win;
  };
  const now = options.now ?? Date.now;
  const fetchImpl = options.fetch ?? ((...args) => globalThis.fetch(...args));
  const onIgnoredMessage = options.onIgnoredMessage ?? (() => {});
  const transactions = implicitTransactionStore(
    options.transactionStorage ?? browser().sessionStorage,
  );
  const replayGuard = createReplayGuard();
  const redirect =
    options.redirect ??
    ((url: string) =>
      new Promise<void>((resolve) => {
        browser().addEventListener('pageshow', () => resolve(), { once: true });
        browser().location.assign(url);
      }));

  let metadata: Promise<ProviderMetadata> | null = null;
  const provider = () => {
    metadata ??= loadProviderMetadata(settings.issuer, fetchImpl).catch((error: unknown) => {
      metadata = null;
      throw error;
    });
    return metadata;
  };
  let getKey = options.getKey;
  const verifier = async (): Promise<IdTokenVerifier> => {
    getKey ??= createRemoteJWKSet(new URL((await provider()).jwks_uri), {
      [customFetch]: fetchImpl,
    });
    return { issuer: settings.issuer, clientId: settings.clientId, getKey, replayGuard, now };
  };

  const transport = webMessageTransport(settings);
  let frame: HiddenFrameWindow | null = null;
  listenForFrameAnswers(win, {
    transports: [transport],
    current: () => frame,
    onIgnoredMessage,
  });
  const openFrame =
    options.openFrame ??
    (() => {
      frame = new HiddenFrameWindow({
        transport,
        timeoutMs: settings.silentTimeoutSeconds * 1000,
        onIgnoredMessage,
        document: browser().document,
        isServerReachable: () => isServerReachable(settings.issuer, fetchImpl),
      });
      return frame;
    });

  let tokens: HeldTokens | null = null;
  const sessionOf = (held: HeldTokens): Session =>
    sessionFromTokens(
      {
        idToken: held.id_token,
        accessToken: held.access_token,
        expiresAtSeconds: held.expires_at,
        scope: held.scope,
      },
      { issuer: settings.issuer, clientId: settings.clientId, receivedAt: now() },
    );
  const keep = (held: HeldTokens, session: Session): Session => {
    tokens = { ...held, profile: session.idTokenClaims };
    return session;
  };

  return {
    // Tokens that come back in the URL cannot be bound to a key: no proof goes with them.
    dpopProof: async () => null,

    async startLogin(returnPath) {
      const { url, transaction } = buildImplicitAuthorizeUrl(settings, {
        responseType: 'id_token token',
        returnPath,
        authorizationEndpoint: (await provider()).authorization_endpoint,
      });
      transactions.save(transaction);
      await redirect(url);
    },

    async finishLogin(callbackUrl) {
      // Out of the address bar and history first, whatever the checks say.
      if (win) removeFragmentFromUrl(win);
      const params = new URLSearchParams(new URL(callbackUrl).hash.slice(1));
      const state = params.get('state');
      const transaction = state === null ? null : transactions.take(state);
      if (!transaction) {
        const failure = new ImplicitFlowError(
          state === null ? 'state_missing' : 'state_mismatch',
          'No sign-in started in this tab matches this response (unknown or already used state)',
        ).failure;
        throw new LoginFailedError({ ...failure, error: params.get('error') }, HOME_PATH);
      }
      const returnPath = returnPathOrHome(transaction.returnPath, settings.spaOrigin);
      try {
        const held = heldTokens(await parseImplicitResponse(params, transaction, await verifier()));
        return { session: keep(held, sessionOf(held)), returnPath };
      } catch (error) {
        throw new LoginFailedError(classifyAuthFailure(error), returnPath);
      }
    },

    async renewSilently() {
      const received = await checkSession({
        settings,
        verifier: await verifier(),
        openFrame,
        probeCookies: options.probeCookies,
        idTokenHint: tokens?.id_token,
        authorizationEndpoint: (await provider()).authorization_endpoint,
      });
      const held = heldTokens(received);
      const session = sessionOf(held);
      // As oidc-client-ts's validateSubOnSilentRenew: a renewal never switches the user.
      const previous = tokens?.profile?.sub;
      if (previous !== undefined && previous !== session.sub) {
        throw new ImplicitFlowError(
          'id_token_subject_changed',
          `The renewed ID token is for ${session.sub}, not the signed-in ${previous}`,
        );
      }
      return keep(held, session);
    },

    async accessToken() {
      return tokens?.access_token ?? null;
    },

    async exportTokens() {
      return tokens && JSON.stringify(tokens);
    },

    async adoptTokens(text, accept) {
      // Same checks as the code flow's adoption (the channel is same-origin only): issuer,
      // client, a user, not expired. The ID token's nonce was checked by the tab that got it.
      let held: HeldTokens;
      try {
        const { id_token, access_token, scope, expires_at } = JSON.parse(text) as HeldTokens;
        held = { id_token, access_token, token_type: 'Bearer', scope, expires_at };
      } catch {
        throw new InvalidTokenResponseError('The shared tokens are not JSON');
      }
      const session = sessionOf(held);
      if (typeof held.access_token !== 'string' || session.accessTokenExpiresAt <= now()) {
        throw new InvalidTokenResponseError('The access token is missing or expired');
      }
      if (accept(session)) keep(held, session);
    },

    async forgetUser() {
      tokens = null;
    },

    async startLogout() {
      const idToken = tokens?.id_token;
      tokens = null;
      const endpoint = (await provider()).end_session_endpoint;
      if (!endpoint) return;
      const url = new URL(endpoint);
      url.searchParams.set('client_id', settings.clientId);
      url.searchParams.set('post_logout_redirect_uri', settings.postLogoutRedirectUri);
      if (idToken) url.searchParams.set('id_token_hint', idToken);
      await redirect(url.href);
    },
  };
}

/**
 * The tokens held, in oidc-client-ts's `User.toStorageString()` shape, so that tabs share them
 * whichever flow each one signed in with. Never a refresh token.
 */
interface HeldTokens {
  id_token: string;
  access_token: string;
  token_type: 'Bearer';
  scope: string | undefined;
  /** Epoch seconds on this browser's clock. */
  expires_at: number | undefined;
  profile?: JwtClaims;
}

const heldTokens = (received: ImplicitTokens): HeldTokens => ({
  id_token: received.idToken ?? '',
  access_token: received.accessToken ?? '',
  token_type: 'Bearer',
  scope: received.scope,
  expires_at:
    received.accessTokenExpiresAt === undefined ? undefined : received.accessTokenExpiresAt / 1000,
});
