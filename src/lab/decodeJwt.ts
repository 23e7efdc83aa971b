import { decodeJwtClaims, decodeJwtHeader, type JwtClaims } from '../auth/decodeJwtClaims.ts';

export interface DecodedJwt {
  header: JwtClaims;
  claims: JwtClaims;
}

/**
 * Header and claims of a compact JWS, unverified: for display only (the auth core checked the
 * tokens it keeps). Null when `token` is not a readable JWT (an opaque token).
 */
export function decodeJwt(token: string): DecodedJwt | null {
  try {
    return { header: decodeJwtHeader(token), claims: decodeJwtClaims(token) };
  } catch {
    return null;
  }
}
