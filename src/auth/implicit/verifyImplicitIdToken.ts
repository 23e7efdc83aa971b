import { type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { accessTokenHash } from './accessTokenHash.ts';
import { type ImplicitErrorCode, ImplicitFlowError } from './implicitFlowError.ts';
import type { ReplayGuard } from './replayGuard.ts';

/** How ID tokens are checked: whose they must be, with which keys, on which clock. */
export interface IdTokenVerifier {
  /** Exact, with the trailing slash the server writes. */
  issuer: string;
  clientId: string;
  /** createRemoteJWKSet(jwks_uri) in the app; a local key in tests. */
  getKey: JWTVerifyGetKey;
  replayGuard: ReplayGuard;
  now?: () => number;
  /** Clock skew allowed between browser and server, for `exp`, `iat` and `nbf`. */
  leewaySeconds?: number;
}

export const DEFAULT_LEEWAY_SECONDS = 60;

/** The server signs with RS256 only; `none` and HS* (public key as HMAC secret) are refused. */
const ALGORITHMS = ['RS256'];

export type IdTokenClaims = JWTPayload & { sub: string; iat: number; exp: number; nonce: string };

/**
 * OIDC Core §3.2.2.11: an ID token from the front channel is trusted only after every check —
 * signature (RS256, the server's JWKS), `iss`, `aud`, `azp`, `exp`/`iat`, `nonce` (this
 * request's, used once) and `at_hash` when an access token came with it.
 */
export async function verifyImplicitIdToken(
  idToken: string,
  expected: { nonce: string | undefined; accessToken?: string | undefined },
  verifier: IdTokenVerifier,
): Promise<IdTokenClaims> {
  const { issuer, clientId, replayGuard } = verifier;
  const now = (verifier.now ?? Date.now)();
  const leeway = verifier.leewaySeconds ?? DEFAULT_LEEWAY_SECONDS;
  let claims: JWTPayload;
  try {
    ({ payload: claims } = await jwtVerify(idToken, verifier.getKey, {
      algorithms: ALGORITHMS,
      issuer,
      audience: clientId,
      clockTolerance: leeway,
      currentDate: new Date(now),
      requiredClaims: ['sub', 'iat', 'exp', 'nonce'],
    }));
  } catch (error) {
    throw idTokenError(error);
  }
  const fail = (code: ImplicitErrorCode, message: string) => new ImplicitFlowError(code, message);
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  // §3.1.3.7 items 4-5: with several audiences the token must say it was issued to us.
  if (claims.azp === undefined ? audiences.length > 1 : claims.azp !== clientId) {
    throw fail('id_token_azp_mismatch', `azp is ${JSON.stringify(claims.azp)}, not ${clientId}`);
  }
  if (typeof claims.sub !== 'string' || claims.sub === '') {
    throw fail('id_token_missing_claim', 'The ID token has no sub');
  }
  // jose checks iat only against a maximum age; a token from the future is as suspect.
  const ahead = (claims.iat as number) - now / 1000;
  if (ahead > leeway) {
    throw fail('id_token_issued_in_future', `The ID token was issued ${Math.round(ahead)} s ahead`);
  }
  const { nonce } = claims;
  if (typeof nonce !== 'string') throw fail('nonce_mismatch', 'The ID token nonce is no string');
  if (replayGuard.nonces.has(nonce)) {
    throw fail('nonce_replayed', 'This ID token was accepted before (its nonce is used)');
  }
  if (nonce !== expected.nonce) {
    throw fail('nonce_mismatch', "The ID token's nonce is not the one this request sent");
  }
  // A genuine token for this request: from now on any second presentation is a replay.
  replayGuard.nonces.add(nonce);
  if (expected.accessToken !== undefined) {
    // §3.2.2.10: REQUIRED when the access token comes with the ID token.
    if (typeof claims.at_hash !== 'string')
      throw fail('at_hash_missing', 'The ID token has no at_hash');
    if (claims.at_hash !== (await accessTokenHash(expected.accessToken))) {
      throw fail('at_hash_mismatch', "The access token does not match the ID token's at_hash");
    }
  }
  return claims as IdTokenClaims;
}

/** jose's error codes, as the checks they stand for. */
function idTokenError(error: unknown): Error {
  const { code, claim, reason, message } = error as {
    code?: string;
    claim?: string;
    reason?: string;
    message?: string;
  };
  const fail = (implicitCode: ImplicitErrorCode, text = message ?? String(error)) =>
    new ImplicitFlowError(implicitCode, `ID token refused: ${text}`);
  switch (code) {
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return fail('alg_not_allowed', `only ${ALGORITHMS.join(', ')} is accepted`);
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
    case 'ERR_JWKS_NO_MATCHING_KEY':
      return fail('id_token_invalid_signature');
    case 'ERR_JWT_EXPIRED':
      return fail('id_token_expired');
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      if (reason === 'missing') return fail('id_token_missing_claim');
      if (claim === 'iss') return fail('id_token_wrong_issuer');
      if (claim === 'aud') return fail('id_token_wrong_audience');
      if (claim === 'nbf') return fail('id_token_not_yet_valid');
      return fail('id_token_malformed');
    case 'ERR_JWKS_TIMEOUT':
    case 'ERR_JWKS_INVALID':
      return fail('jwks_unavailable');
    case 'ERR_JWS_INVALID':
    case 'ERR_JWT_INVALID':
    case 'ERR_JOSE_NOT_SUPPORTED':
      return fail('id_token_malformed');
    default:
      // fetch failing inside createRemoteJWKSet (network, CORS): classified as network_error.
      if (error instanceof TypeError) return fail('jwks_unavailable');
      return error instanceof Error ? error : new Error(String(error));
  }
}
