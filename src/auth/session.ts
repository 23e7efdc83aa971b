import { issuerFor } from '../protocol/defaults.ts';
import { decodeJwtClaims, decodeJwtHeader, type JwtClaims } from './decodeJwtClaims.ts';
import { accessTokenExpiresAt } from './tokenExpiry.ts';

/** What the UI may know about the signed-in user. Raw tokens stay inside the auth core. */
export interface Session {
  sub: string;
  email: string | null;
  name: string | null;
  /** Every claim of the ID token, protocol claims included (for the Profile page). */
  idTokenClaims: JwtClaims;
  /** Decoded, for the lab's inspector: the ID token's header (alg, kid). */
  idTokenHeader: JwtClaims;
  /** Decoded header and claims of the access token; null when it is not a JWT (opaque). */
  accessTokenHeader: JwtClaims | null;
  accessTokenClaims: JwtClaims | null;
  scope: string;
  /** `token_type` of the token response: `DPoP` when the access token is bound to our key. */
  tokenType?: string;
  /** Epoch ms (browser clock) when the tokens arrived. */
  receivedAt: number;
  /** Epoch ms (browser clock) when the access token expires. */
  accessTokenExpiresAt: number;
}

export interface ReceivedTokens {
  idToken: string | undefined;
  accessToken: string;
  /** Seconds since the epoch, as oidc-client-ts computes `expires_at` from `expires_in`. */
  expiresAtSeconds?: number | undefined;
  scope?: string | undefined;
  tokenType?: string | undefined;
}

/** Thrown when tokens arrive that this client must not accept. */
export class InvalidTokenResponseError extends Error {
  override readonly name = 'InvalidTokenResponseError';
}

/**
 * Builds the session from a token response after checking the ID token was issued by our
 * authority to our client. oidc-client-ts 3 does not check `iss`/`aud`; a mismatch here is
 * almost always a misconfigured authority (e.g. localhost vs 127.0.0.1), worth saying plainly.
 */
export function sessionFromTokens(
  tokens: ReceivedTokens,
  expected: { issuer: string; clientId: string; receivedAt: number },
): Session {
  if (!tokens.idToken) throw new InvalidTokenResponseError('The token response has no id_token');
  let claims: JwtClaims;
  try {
    claims = decodeJwtClaims(tokens.idToken);
  } catch (error) {
    throw new InvalidTokenResponseError(`The id_token is unreadable: ${(error as Error).message}`);
  }
  if (typeof claims.iss !== 'string' || issuerFor(claims.iss) !== issuerFor(expected.issuer)) {
    throw new InvalidTokenResponseError(
      `The id_token was issued by ${JSON.stringify(claims.iss)}, expected "${expected.issuer}"`,
    );
  }
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(expected.clientId)) {
    throw new InvalidTokenResponseError(
      `The id_token is for ${JSON.stringify(claims.aud)}, not for client "${expected.clientId}"`,
    );
  }
  if (typeof claims.sub !== 'string' || claims.sub === '') {
    throw new InvalidTokenResponseError('The id_token has no sub');
  }
  let expiresAt: number;
  try {
    expiresAt = accessTokenExpiresAt({
      expiresAtSeconds: tokens.expiresAtSeconds,
      accessToken: tokens.accessToken,
      receivedAt: expected.receivedAt,
    });
  } catch (error) {
    throw new InvalidTokenResponseError((error as Error).message);
  }
  return {
    sub: claims.sub,
    email: typeof claims.email === 'string' ? claims.email : null,
    name: typeof claims.name === 'string' ? claims.name : null,
    idTokenClaims: claims,
    idTokenHeader: decodeJwtHeader(tokens.idToken),
    accessTokenHeader: decodedOrNull(decodeJwtHeader, tokens.accessToken),
    accessTokenClaims: decodedOrNull(decodeJwtClaims, tokens.accessToken),
    scope: tokens.scope ?? '',
    ...(tokens.tokenType && { tokenType: tokens.tokenType }),
    receivedAt: expected.receivedAt,
    accessTokenExpiresAt: expiresAt,
  };
}

/** An access token may be opaque to its client (RFC 6749 §1.4): then there is nothing to show. */
function decodedOrNull(decode: (jwt: string) => JwtClaims, token: string): JwtClaims | null {
  try {
    return decode(token);
  } catch {
    return null;
  }
}
