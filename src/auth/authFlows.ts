import type { AuthFailure } from './authFailure.ts';
import type { SilentTransportName } from './clientSettings.ts';
import type { Session } from './session.ts';

/**
 * The OAuth flows the store drives: the code flow on oidc-client-ts (createCodeFlows) or the
 * legacy implicit flow (createImplicitFlows); tests use a fake.
 */
export interface AuthFlows {
  /** Sends the browser to the login page; resolves only if the page comes back (bfcache). */
  startLogin(returnPath: string): Promise<void>;
  /** Completes the code exchange for the response in `callbackUrl`; throws {@link LoginFailedError}. */
  finishLogin(callbackUrl: string): Promise<{ session: Session; returnPath: string }>;
  /** One prompt=none renewal through `transport`; throws what the transport or exchange threw. */
  renewSilently(transport: SilentTransportName): Promise<Session>;
  /** The current access token, or null. Expiry is the caller's business (it knows the clock). */
  accessToken(): Promise<string | null>;
  /**
   * The current tokens, to hand to another tab (see TabMessage); null when there are none.
   * Flows without it (and {@link AuthFlows.adoptTokens}) still share the lock, not tokens.
   */
  exportTokens?(): Promise<string | null>;
  /**
   * Checks tokens from another tab like a renewal result (issuer, client, a user, not expired)
   * and keeps them if `accept` takes their session. Throws InvalidTokenResponseError.
   */
  adoptTokens?(user: string, accept: (session: Session) => boolean): Promise<void>;
  /**
   * A DPoP proof (RFC 9449 §7) by this browser's key for `method` `url` presenting `accessToken`
   * (`ath`: the token actually sent, even if a renewal lands meanwhile), or null when the tokens
   * are bearer tokens. Flows without DPoP lack it.
   */
  dpopProof?(
    url: string,
    method: string,
    accessToken: string,
    nonce?: string,
  ): Promise<string | null>;
  /** Forgets the in-memory user (tokens) without leaving the page. */
  forgetUser(): Promise<void>;
  /** Forgets the user and sends the browser to the end-session endpoint. */
  startLogout(): Promise<void>;
}

/** A failed login, with the page the user wanted (for "Try again"). */
export class LoginFailedError extends Error {
  override readonly name = 'LoginFailedError';
  constructor(
    readonly failure: AuthFailure,
    readonly returnPath: string,
  ) {
    super(failure.description ?? failure.error ?? failure.reason);
  }
}
