import { decodeJwtClaims, type JwtClaims } from '../auth/decodeJwtClaims.ts';

export interface DecodedJwt {
  header: Record<string, unknown>;
  claims: JwtClaims;
}

/**
 * Header and claims of a compact JWS, unverified: for display only (the auth core checked the
 * tokens it keeps). Null when `token` is not a readable JWT (an opaque token).
 */
export function decodeJwt(token: string): DecodedJwt | null {
  const [header] = token.split('.');
  if (!header) return null;
  try {
    const claims = decodeJwtClaims(token);
    const parsed: unknown = JSON.parse(base64UrlToText(header));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
    return { header: parsed as Record<string, unknown>, claims };
  } catch {
    return null;
  }
}

function base64UrlToText(segment: string): string {
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/');
  const padded = base64.padEnd(base64.length + ((4 - (base64.length % 4)) % 4), '=');
  const bytes = Uint8Array.from(atob(padded), (char) => char.charCodeAt(0));
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}
