import type { Session } from '../../auth/session.ts';

export interface InspectedToken {
  name: 'Access token' | 'ID token';
  /** Decoded JOSE header, when the auth core exposes it. */
  header: Record<string, unknown> | null;
  /** Decoded claims, when the auth core exposes them. */
  claims: Record<string, unknown> | null;
  /** Epoch ms. */
  expiresAt: number | null;
  issuedAt: number | null;
}

const record = (value: unknown): Record<string, unknown> | null =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;

const secondsToMs = (value: unknown) => (typeof value === 'number' ? value * 1000 : null);

/**
 * What the inspector can show of the current tokens: the auth core hands the UI decoded data
 * only, never a raw token. The ID token's claims and the access token's expiry are always in the
 * session; decoded headers and the access token's claims are shown when the session carries
 * them (`idTokenHeader`, `accessTokenHeader`, `accessTokenClaims`).
 */
export function inspectSession(session: Session): InspectedToken[] {
  const extra = session as Session & {
    idTokenHeader?: unknown;
    accessTokenHeader?: unknown;
    accessTokenClaims?: unknown;
  };
  const accessClaims = record(extra.accessTokenClaims);
  return [
    {
      name: 'Access token',
      header: record(extra.accessTokenHeader),
      claims: accessClaims,
      expiresAt: session.accessTokenExpiresAt,
      issuedAt: secondsToMs(accessClaims?.iat) ?? session.receivedAt,
    },
    {
      name: 'ID token',
      header: record(extra.idTokenHeader),
      claims: session.idTokenClaims,
      expiresAt: secondsToMs(session.idTokenClaims.exp),
      issuedAt: secondsToMs(session.idTokenClaims.iat),
    },
  ];
}
