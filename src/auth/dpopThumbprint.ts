export const encoder = new TextEncoder();

export const base64Url = (bytes: ArrayBuffer | Uint8Array) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/=+$/, '')
    .replace(/\+/g, '-')
    .replace(/\//g, '_');

export const sha256 = async (text: string) =>
  base64Url(await crypto.subtle.digest('SHA-256', encoder.encode(text)));

/** The public key's required members only (RFC 7638 §3.2), in the order the thumbprint needs. */
export async function publicJwk(keys: CryptoKeyPair) {
  const { crv, kty, x, y } = await crypto.subtle.exportKey('jwk', keys.publicKey);
  return { crv, kty, x, y };
}

/** RFC 7638 SHA-256 thumbprint of the key pair's public key: what `dpop_jkt` and `cnf.jkt` hold. */
export const dpopThumbprint = async (keys: CryptoKeyPair): Promise<string> =>
  sha256(JSON.stringify(await publicJwk(keys)));
