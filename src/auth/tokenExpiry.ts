import { decodeJwtClaims } from './decodeJwtClaims.ts';

export interface TokenTimes {
  /** oidc-client-ts `User.expires_at`: epoch seconds on our clock, from `expires_in`. */
  expiresAtSeconds?: number | undefined;
  accessToken: string;
  /** When the token response arrived, epoch ms on our clock. */
  receivedAt: number;
}

/**
 * When the access token expires, in epoch ms on the browser's clock. Prefers `expires_in`
 * (relative, so immune to clock skew between browser and server); falls back to the lifetime
 * `exp - iat` of a JWT access token counted from when we received it, then to its bare `exp`.
 */
export function accessTokenExpiresAt({
  expiresAtSeconds,
  accessToken,
  receivedAt,
}: TokenTimes): number {
  if (typeof expiresAtSeconds === 'number' && Number.isFinite(expiresAtSeconds)) {
    return expiresAtSeconds * 1000;
  }
  let claims: Record<string, unknown>;
  try {
    claims = decodeJwtClaims(accessToken);
  } catch {
    throw new Error('The token response has no expires_in and the access token is not a JWT');
  }
  const { exp, iat } = claims;
  if (typeof exp !== 'number') {
    throw new Error('The token response has no expires_in and the access token has no exp');
  }
  if (typeof iat === 'number' && exp > iat) return receivedAt + (exp - iat) * 1000;
  return exp * 1000;
}

/** Whole seconds left before `expiresAt` (never negative). */
export function secondsUntil(expiresAt: number, now: number): number {
  return Math.max(0, Math.floor((expiresAt - now) / 1000));
}

/** A token is expired from the millisecond it reaches its expiry on. */
export function isExpiredAt(expiresAt: number, now: number): boolean {
  return now >= expiresAt;
}

/**
 * When to start renewing: `leadSeconds` before expiry, but never before half the token's
 * lifetime — with short-lived tokens (tests set 5–10 s) a fixed lead longer than the lifetime
 * would renew in a tight loop.
 */
export function renewalDueAt(
  { receivedAt, accessTokenExpiresAt }: { receivedAt: number; accessTokenExpiresAt: number },
  leadSeconds: number,
): number {
  const halfLife = receivedAt + (accessTokenExpiresAt - receivedAt) / 2;
  return Math.max(accessTokenExpiresAt - leadSeconds * 1000, halfLife);
}
