import { base64url } from 'jose';
import type { ClientSettings } from '../clientSettings.ts';

export const IMPLICIT_RESPONSE_TYPES = ['id_token token', 'id_token', 'token'] as const;
export type ImplicitResponseType = (typeof IMPLICIT_RESPONSE_TYPES)[number];

export type ImplicitClientSettings = Pick<
  ClientSettings,
  'issuer' | 'clientId' | 'redirectUri' | 'scope' | 'audience'
>;

/** What one request must remember to check its answer; used once, then forgotten. */
export interface ImplicitTransaction {
  state: string;
  /** Present whenever an ID token was asked for (OIDC Core §3.2.2.1: REQUIRED). */
  nonce?: string;
  responseType: ImplicitResponseType;
  redirectUri: string;
  /** Where the app goes after a top-level sign-in. */
  returnPath?: string;
}

export interface ImplicitAuthorizeOptions {
  responseType: ImplicitResponseType;
  /** Default: the fragment (top-level redirect). */
  responseMode?: 'fragment' | 'web_message';
  prompt?: 'none' | 'login' | 'consent';
  idTokenHint?: string;
  returnPath?: string;
  /** From discovery; default `${issuer}authorize`. */
  authorizationEndpoint?: string;
}

export const wantsIdToken = (responseType: ImplicitResponseType): boolean =>
  responseType.split(' ').includes('id_token');
export const wantsAccessToken = (responseType: ImplicitResponseType): boolean =>
  responseType.split(' ').includes('token');

/** 128 bits from the platform CSPRNG, base64url: unguessable state and nonce values. */
export const randomValue = (): string =>
  base64url.encode(crypto.getRandomValues(new Uint8Array(16)));

/**
 * The /authorize URL of one implicit request, with a fresh `state` (CSRF, RFC 6749 §10.12) and,
 * when an ID token is asked for, a fresh `nonce` (replay, OIDC Core §15.5.2). The caller keeps
 * the transaction: in memory for web_message, in sessionStorage across a top-level redirect.
 */
export function buildImplicitAuthorizeUrl(
  settings: ImplicitClientSettings,
  options: ImplicitAuthorizeOptions,
): { url: string; transaction: ImplicitTransaction } {
  const { responseType } = options;
  const transaction: ImplicitTransaction = {
    state: randomValue(),
    responseType,
    redirectUri: settings.redirectUri,
    ...(wantsIdToken(responseType) ? { nonce: randomValue() } : {}),
    ...(options.returnPath === undefined ? {} : { returnPath: options.returnPath }),
  };
  const url = new URL(options.authorizationEndpoint ?? `${settings.issuer}authorize`);
  const params: Record<string, string | undefined> = {
    client_id: settings.clientId,
    response_type: responseType,
    redirect_uri: settings.redirectUri,
    scope: settings.scope,
    audience: settings.audience,
    state: transaction.state,
    nonce: transaction.nonce,
    response_mode: options.responseMode,
    prompt: options.prompt,
    id_token_hint: options.idTokenHint,
  };
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) url.searchParams.set(name, value);
  }
  return { url: url.href, transaction };
}
