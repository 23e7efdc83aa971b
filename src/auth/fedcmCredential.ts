import { ErrorResponse } from 'oidc-client-ts';
import type { FedCmAssertionParams } from '../protocol/fedcm.ts';
import type { AuthFailure } from './authFailure.ts';

/**
 * Chromium allows one silent re-authentication per site in this long (measured in Chromium 156;
 * `FedCm.resetCooldown` did not clear it). The browser does not say why a silent call failed
 * (every refusal is the same `NetworkError`), so the app remembers when it last succeeded.
 */
export const FEDCM_QUIET_PERIOD_MS = 10 * 60_000;

export type FedCmMediation = 'silent' | 'optional' | 'required';

/** What the FedCM path needs from the browser (tests pass their own). */
export interface FedCmEnvironment {
  /** `'IdentityCredential' in window`. */
  supported: boolean;
  credentials: Pick<CredentialsContainer, 'get'>;
  /** Where the time of the last silent success is kept (localStorage: a time, never a token). */
  memory: Pick<Storage, 'getItem' | 'setItem'>;
  now(): number;
}

export interface FedCmCodeRequest {
  /** The identity provider's config file (FEDCM_CONFIG_PATH at the authorization server). */
  configURL: string;
  clientId: string;
  params: FedCmAssertionParams & { redirect_uri?: string };
  mediation: FedCmMediation;
  /** Ends the wait (a chooser nobody answers: headless Chromium shows none without automation). */
  signal?: AbortSignal;
}

/** What FedCM handed back: the server's assertion (our code) and how the account was chosen. */
export interface FedCmCode {
  code: string;
  /** `IdentityCredential.isAutoSelected`: re-authenticated with no dialog (auto re-authn). */
  autoSelected: boolean;
}

/** A FedCM attempt that failed, with the one typed reason the rest of the app understands. */
export class FedCmError extends Error {
  override readonly name = 'FedCmError';
  constructor(readonly failure: AuthFailure) {
    super(failure.description ?? failure.reason);
  }
}

export const browserFedCmEnvironment = (): FedCmEnvironment => ({
  supported: typeof window !== 'undefined' && 'IdentityCredential' in window,
  credentials: navigator.credentials,
  memory: window.localStorage,
  now: Date.now,
});

const lastSilentKey = (configURL: string) =>
  `silent-auth-lab.fedcm.lastSilent.${new URL(configURL).origin}`;

/**
 * When the quiet period after this page's last silent re-authentication with the provider of
 * `configURL` ends, if it has not yet.
 */
export function quietPeriodEndsAt(env: FedCmEnvironment, configURL: string): number | undefined {
  const last = Number(env.memory.getItem(lastSilentKey(configURL)));
  if (!Number.isFinite(last) || last <= 0) return undefined;
  const ends = last + FEDCM_QUIET_PERIOD_MS;
  return ends > env.now() ? ends : undefined;
}

const failure = (reason: AuthFailure['reason'], description: string): AuthFailure => ({
  reason,
  error: null,
  description,
  decidedBy: 'fedcm_browser',
});

/**
 * Why the browser refused a FedCM call, as one typed reason: a bare `NetworkError` or
 * `NotAllowedError`, told apart by what we know (the mediation asked for, the quiet period).
 * The server's own refusal of the assertion (an `IdentityCredentialError` with its OAuth `error`)
 * becomes the library's `ErrorResponse`, read by classifyAuthFailure like any OAuth error answer
 * (this chunk imports nothing at run time from the always-loaded auth modules, so it stays one
 * small chunk); its `login_required` (no session behind the accounts) is FedCM's no account.
 */
export function classifyFedCmFailure(
  error: unknown,
  context: { mediation: FedCmMediation; quietUntil: number | undefined },
): AuthFailure | ErrorResponse {
  const { name, message } = (error ?? {}) as { name?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message : String(error);
  const code = (error as { error?: unknown } | null)?.error;
  if (name === 'IdentityCredentialError' && typeof code === 'string' && code !== '') {
    if (code === 'login_required') {
      return {
        reason: 'fedcm_no_account',
        error: code,
        description: text,
        decidedBy: 'server_answer',
      };
    }
    return new ErrorResponse({ error: code, error_description: text });
  }
  if (name === 'AbortError') {
    return {
      ...failure('timeout', `FedCM: no answer from the browser in time (${text})`),
      decidedBy: 'timeout',
    };
  }
  if (name === 'NotAllowedError') {
    return failure('fedcm_disabled', `FedCM is turned off or was refused: ${text}`);
  }
  if (name === 'NetworkError' && context.mediation === 'silent') {
    if (context.quietUntil !== undefined) {
      return failure(
        'fedcm_quiet_period',
        `Silent re-authentication already happened here; the browser allows the next one after ${new Date(context.quietUntil).toISOString()}`,
      );
    }
    return failure(
      'fedcm_no_account',
      'The browser did not re-authenticate silently: no earlier FedCM sign-in in this profile, no session at the server, or auto re-authentication turned off (off-the-record profiles have it off)',
    );
  }
  return failure('network_error', `FedCM: ${text}`);
}

/**
 * One `navigator.credentials.get({identity})` for an authorization code (the server's OAuth
 * profile for FedCM): the code is bound to the PKCE challenge and nonce in `params` and is
 * exchanged at the token endpoint like a redirect's. Throws {@link FedCmError}.
 */
export async function requestFedCmCode(
  env: FedCmEnvironment,
  { configURL, clientId, params, mediation, signal }: FedCmCodeRequest,
): Promise<FedCmCode> {
  if (!env.supported) {
    throw new FedCmError({
      reason: 'fedcm_unsupported',
      error: null,
      description: 'This browser has no FedCM (IdentityCredential)',
    });
  }
  const quietUntil = quietPeriodEndsAt(env, configURL);
  let credential: unknown;
  try {
    credential = await env.credentials.get({
      mediation,
      identity: { providers: [{ configURL, clientId, params }] },
      ...(signal ? { signal } : {}),
    } as CredentialRequestOptions);
  } catch (error) {
    const failure = classifyFedCmFailure(error, { mediation, quietUntil });
    throw failure instanceof ErrorResponse ? failure : new FedCmError(failure);
  }
  const { token, isAutoSelected } = (credential ?? {}) as {
    token?: unknown;
    isAutoSelected?: unknown;
  };
  if (typeof token !== 'string' || token === '') {
    throw new FedCmError({
      reason: 'invalid_response',
      error: null,
      description: 'FedCM returned no token',
    });
  }
  // Any automatic re-authentication starts the browser's quiet period, silent or optional.
  const autoSelected = isAutoSelected === true || mediation === 'silent';
  if (autoSelected) env.memory.setItem(lastSilentKey(configURL), String(env.now()));
  return { code: token, autoSelected };
}
