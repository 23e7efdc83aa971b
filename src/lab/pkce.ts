const base64Url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/** A fresh random value for state, nonce or a PKCE verifier (RFC 7636 §4.1: 43 chars here). */
export const randomValue = (bytes = 32): string =>
  base64Url(crypto.getRandomValues(new Uint8Array(bytes)));

/** RFC 7636 §4.2, S256: BASE64URL(SHA256(verifier)). */
export async function s256Challenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}
