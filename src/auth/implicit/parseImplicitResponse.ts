import {
  type ImplicitTransaction,
  wantsAccessToken,
  wantsIdToken,
} from './buildImplicitAuthorizeUrl.ts';
import { ImplicitFlowError } from './implicitFlowError.ts';
import {
  type IdTokenClaims,
  type IdTokenVerifier,
  verifyImplicitIdToken,
} from './verifyImplicitIdToken.ts';

/** Tokens that passed every check. Never a refresh token: the front channel carries none. */
export interface ImplicitTokens {
  accessToken?: string;
  /** Epoch ms on this browser's clock, from `expires_in` (immune to clock skew). */
  accessTokenExpiresAt?: number;
  scope?: string;
  idToken?: string;
  idTokenClaims?: IdTokenClaims;
}

/**
 * Reads an implicit authorization response — the fragment (`#...`), or the parameters a
 * web_message carried — for `transaction`, and accepts its tokens only after every check:
 * `state` (this request's, used once), `iss` (RFC 9207), the server's `error`, the tokens the
 * response type promised, and the ID token (see verifyImplicitIdToken).
 */
export async function parseImplicitResponse(
  response: string | URLSearchParams,
  transaction: ImplicitTransaction,
  verifier: IdTokenVerifier,
): Promise<ImplicitTokens> {
  const params =
    typeof response === 'string' ? new URLSearchParams(response.replace(/^#/, '')) : response;
  const value = (name: string) => params.get(name) ?? undefined;

  const state = value('state');
  if (state === undefined)
    throw new ImplicitFlowError('state_missing', 'The response has no state');
  if (state !== transaction.state) {
    throw new ImplicitFlowError(
      'state_mismatch',
      'The response belongs to another request (state differs)',
    );
  }
  const { states } = verifier.replayGuard;
  if (states.has(state))
    throw new ImplicitFlowError('state_replayed', 'This response was already used');
  states.add(state);

  const iss = value('iss');
  if (iss !== undefined && iss !== verifier.issuer) {
    throw new ImplicitFlowError(
      'response_wrong_issuer',
      `The response comes from issuer ${iss}, expected ${verifier.issuer}`,
    );
  }
  const error = value('error');
  if (error !== undefined) {
    const description = value('error_description') ?? null;
    throw new ImplicitFlowError('authorization_error', description ?? error, {
      error,
      description,
    });
  }

  const tokens: ImplicitTokens = {};
  if (wantsAccessToken(transaction.responseType)) {
    tokens.accessToken = value('access_token');
    if (!tokens.accessToken)
      throw new ImplicitFlowError('access_token_missing', 'The response has no access_token');
    if (value('token_type')?.toLowerCase() !== 'bearer') {
      throw new ImplicitFlowError(
        'token_type_unsupported',
        `Unsupported token_type ${value('token_type')}`,
      );
    }
    const expiresIn = value('expires_in');
    if (expiresIn !== undefined) {
      if (!/^[1-9]\d{0,8}$/.test(expiresIn)) {
        throw new ImplicitFlowError(
          'expires_in_invalid',
          `Invalid expires_in ${JSON.stringify(expiresIn)}`,
        );
      }
      tokens.accessTokenExpiresAt = (verifier.now ?? Date.now)() + Number(expiresIn) * 1000;
    }
    tokens.scope = value('scope');
  }
  if (wantsIdToken(transaction.responseType)) {
    tokens.idToken = value('id_token');
    if (!tokens.idToken)
      throw new ImplicitFlowError('id_token_missing', 'The response has no id_token');
    tokens.idTokenClaims = await verifyImplicitIdToken(
      tokens.idToken,
      { nonce: transaction.nonce, accessToken: tokens.accessToken },
      verifier,
    );
  }
  return tokens;
}
