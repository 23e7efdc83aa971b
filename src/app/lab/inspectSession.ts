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

const secondsToMs = (value: unknown) => (typeof value === 'number' ? value * 1000 : null);

/**
 * What the inspector can show of the current tokens: the auth core hands the UI decoded data
 * only, never a raw token. An opaque access token has no header or claims to show.
 */
export function inspectSession(session: Session): InspectedToken[] {
  const accessClaims = session.accessTokenClaims;
  return [
    {
      name: 'Access token',
      header: session.accessTokenHeader,
      claims: accessClaims,
      expiresAt: session.accessTokenExpiresAt,
      issuedAt: secondsToMs(accessClaims?.iat) ?? session.receivedAt,
    },
    {
      name: 'ID token',
      header: session.idTokenHeader,
      claims: session.idTokenClaims,
      expiresAt: secondsToMs(session.idTokenClaims.exp),
      issuedAt: secondsToMs(session.idTokenClaims.iat),
    },
  ];
}
