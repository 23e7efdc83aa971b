export type JwtClaims = Record<string, unknown>;

/**
 * Reads the payload of a compact JWS without verifying it. Only for tokens the SPA received
 * straight from the token endpoint over TLS (OIDC Core 3.1.3.7: the client may rely on TLS
 * there); display and expiry only, never an authorization decision.
 */
export const decodeJwtClaims = (jwt: string): JwtClaims => decodeJwtPart(jwt, 1, 'payload');

/** Reads the protected header of a compact JWS (alg, kid, typ), for display only. */
export const decodeJwtHeader = (jwt: string): JwtClaims => decodeJwtPart(jwt, 0, 'header');

function decodeJwtPart(jwt: string, index: 0 | 1, what: string): JwtClaims {
  const parts = jwt.split('.');
  const part = parts[index];
  if (parts.length !== 3 || !part) throw new Error('Not a JWT: expected three dot-separated parts');
  let value: unknown;
  try {
    value = JSON.parse(base64UrlDecode(part));
  } catch {
    throw new Error(`Not a JWT: the ${what} is not base64url-encoded JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`Not a JWT: the ${what} is not a JSON object`);
  }
  return value as JwtClaims;
}

function base64UrlDecode(segment: string): string {
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/');
  const padded = base64.padEnd(base64.length + ((4 - (base64.length % 4)) % 4), '=');
  const binary = atob(padded);
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}
