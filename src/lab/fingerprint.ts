/**
 * A short, stable name for a secret that reveals nothing usable: the first 12 hex digits of its
 * SHA-256, as the native demo prints them (src/native/fingerprint.ts), so the two can be compared.
 */
export async function fingerprint(secret: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(secret));
  const hex = Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0'));
  return `sha256:${hex.join('').slice(0, 12)}`;
}
