import type { IWindow } from 'oidc-client-ts';
import { classifyAuthFailure } from '../authFailure.ts';
import type { CookieProbe } from '../cookieProbe.ts';
import { SilentRenewalError } from '../silentTransport.ts';
import {
  buildImplicitAuthorizeUrl,
  type ImplicitClientSettings,
  type ImplicitResponseType,
} from './buildImplicitAuthorizeUrl.ts';
import { ImplicitFlowError } from './implicitFlowError.ts';
import { type ImplicitTokens, parseImplicitResponse } from './parseImplicitResponse.ts';
import type { IdTokenVerifier } from './verifyImplicitIdToken.ts';

export interface CheckSessionOptions {
  settings: ImplicitClientSettings;
  verifier: IdTokenVerifier;
  /**
   * Opens one hidden frame (in the app: a HiddenFrameWindow on webMessageTransport, fed the
   * page's messages). Its navigate() resolves with the one answer that passed
   * checkFrameAnswer — our frame's window, the server's origin, the type, this state — as a
   * callback URL, and rejects with a diagnosed SilentRenewalError (frame_blocked, timeout ...).
   */
  openFrame: () => IWindow;
  /** Whether the server's cookies reach a hidden frame (probeThirdPartyCookies). */
  probeCookies?: CookieProbe;
  responseType?: ImplicitResponseType;
  authorizationEndpoint?: string;
  /** The current ID token, so the server refuses to answer for another user. */
  idTokenHint?: string;
}

/**
 * Auth0-style checkSession: one `prompt=none` implicit request answered by `web_message` in a
 * hidden frame, its tokens checked exactly as a top-level response's. The transaction lives
 * only in this call. Failures are the code flow's: a server error or a transport failure is a
 * SilentRenewalError (login_required turned into third_party_cookies_blocked when the probe
 * says the cookies were kept out); a refused token is an ImplicitFlowError with its code.
 */
export async function checkSession(options: CheckSessionOptions): Promise<ImplicitTokens> {
  const { settings, verifier, probeCookies } = options;
  const { url, transaction } = buildImplicitAuthorizeUrl(settings, {
    responseType: options.responseType ?? 'id_token token',
    responseMode: 'web_message',
    prompt: 'none',
    idTokenHint: options.idTokenHint,
    authorizationEndpoint: options.authorizationEndpoint,
  });
  try {
    const answer = await options.openFrame().navigate({ url, state: transaction.state });
    return await parseImplicitResponse(new URL(answer.url).searchParams, transaction, verifier);
  } catch (error) {
    if (error instanceof ImplicitFlowError && error.oauthError === null) throw error;
    const failure = classifyAuthFailure(error);
    throw new SilentRenewalError(
      probeCookies
        ? await (await import('../cookieProbe.ts')).diagnoseLoginRequired(failure, probeCookies)
        : failure,
    );
  }
}
