import { errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import {
  type AuthorizationScheme,
  type PresentedToken,
  readPresentedToken,
} from '../dpop/checkTokenPresentation.ts';

export interface AccessTokenPolicy {
  /** Every issuer the authorization server may write (it answers on several origins). */
  issuers: string[];
  audience: string;
  getKey: JWTVerifyGetKey;
  /** Seconds of clock skew tolerated on exp/nbf/iat. */
  clockToleranceSeconds?: number;
}

export interface VerifiedAccessToken {
  payload: JWTPayload;
  scopes: Set<string>;
}

export type BearerErrorCode =
  | 'invalid_request'
  | 'invalid_token'
  | 'insufficient_scope'
  // RFC 9449 §7.1
  | 'invalid_dpop_proof'
  | 'use_dpop_nonce';

/** Why an access token was refused, in RFC 6750 §3.1 (and RFC 9449 §7.1) terms. */
export class BearerError extends Error {
  /** The challenge's scheme: DPoP once the token was presented or bound that way. */
  scheme: AuthorizationScheme = 'Bearer';

  constructor(
    readonly status: 400 | 401 | 403,
    readonly code: BearerErrorCode | undefined,
    description: string,
    readonly requiredScope?: string,
  ) {
    super(description);
    this.name = 'BearerError';
  }
}

/**
 * Reads the access token from an Authorization header, `Bearer` or `DPoP`; a missing header is
 * no error code (RFC 6750 §3.1).
 */
export function readAccessToken(authorization: string | undefined): PresentedToken {
  const presented = readPresentedToken(authorization);
  if (presented === undefined) throw new BearerError(401, undefined, 'No access token was sent.');
  if (presented === 'malformed') {
    throw new BearerError(
      400,
      'invalid_request',
      'Authorization header is not "Bearer <token>" or "DPoP <token>".',
    );
  }
  return presented;
}

export async function verifyAccessToken(
  token: string,
  policy: AccessTokenPolicy,
): Promise<VerifiedAccessToken> {
  try {
    const { payload } = await jwtVerify(token, policy.getKey, {
      issuer: policy.issuers,
      audience: policy.audience,
      algorithms: ['RS256'],
      clockTolerance: policy.clockToleranceSeconds ?? 5,
      requiredClaims: ['exp', 'sub'],
    });
    const scope = typeof payload.scope === 'string' ? payload.scope : '';
    return { payload, scopes: new Set(scope.split(' ').filter(Boolean)) };
  } catch (error) {
    throw new BearerError(401, 'invalid_token', describeJoseError(error));
  }
}

export function requireScope(token: VerifiedAccessToken, scope: string): void {
  if (!token.scopes.has(scope)) {
    throw new BearerError(403, 'insufficient_scope', `This needs the scope ${scope}.`, scope);
  }
}

function describeJoseError(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'The access token expired.';
  if (error instanceof errors.JWTClaimValidationFailed) {
    return `The access token claim ${error.claim} is not accepted.`;
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return 'The access token signature does not verify.';
  }
  if (error instanceof errors.JWKSNoMatchingKey)
    return 'The access token was signed by an unknown key.';
  if (error instanceof errors.JOSEAlgNotAllowed)
    return 'The access token algorithm is not accepted.';
  if (error instanceof errors.JWKSTimeout) return 'The signing keys could not be fetched in time.';
  return 'The access token is malformed.';
}
