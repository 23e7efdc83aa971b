export type JwtClaims = Record<string, unknown>;

/**
 * Reads the payload of a compact JWS without verifying it. Only for tokens the SPA received
 * straight from the token endpoint over TLS (OIDC Core 3.1.3.7: the client may rely on TLS
 * there); display and expiry only, never an authorization decision.
 */
export function decodeJwtClaims(jwt: string): JwtClaims {
  const parts = jwt.split('.');
  if (parts.length !== 3 || !parts[1])
    throw new Error('Not a JWT: expected three dot-separated parts');
  let claims: unknown;
  try {
    claims = JSON.parse(base64UrlDecode(parts[1]));
  } catch {
    throw new Error('Not a JWT: the payload is not base64url-encoded JSON');
  }
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) {
    throw new Error('Not a JWT: the payload is not a JSON object');
  }
  return claims as JwtClaims;
}

function base64UrlDecode(segment: string): string {
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/');
  const padded = base64.padEnd(base64.length + ((4 - (base64.length % 4)) % 4), '=');
  const binary = atob(padded);
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}
