import { base64url } from 'jose';

/**
 * OIDC Core §3.2.2.9 for RS256: base64url of the left half of the SHA-256 of the access
 * token's ASCII octets. It binds the access token to the signed ID token, so a token swapped
 * into the fragment is caught.
 */
export async function accessTokenHash(accessToken: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(accessToken));
  return base64url.encode(new Uint8Array(digest, 0, 16));
}
