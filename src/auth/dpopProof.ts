import { base64Url, encoder, publicJwk, sha256 } from './dpopThumbprint.ts';

/** What a DPoP proof (RFC 9449 §4.2) is for: one request, and the access token it presents. */
export interface DpopProofClaims {
  htm: string;
  /** The request URL; its query and fragment are left out, as §4.2 asks. */
  htu: string;
  /** The access token the request presents (the proof then carries its hash, `ath`). */
  accessToken?: string;
  /** The server's `DPoP-Nonce`, when it asked for one. */
  nonce?: string;
}

/** A fresh ES256 proof: its own `jti`, `iat` now, by the pair's private key. */
export async function createDpopProof(
  keys: CryptoKeyPair,
  { htm, htu, accessToken, nonce }: DpopProofClaims,
): Promise<string> {
  const header = { typ: 'dpop+jwt', alg: 'ES256', jwk: await publicJwk(keys) };
  const payload = {
    jti: crypto.randomUUID(),
    htm,
    htu: htu.replace(/[?#].*$/, ''),
    iat: Math.floor(Date.now() / 1000),
    ...(accessToken ? { ath: await sha256(accessToken) } : {}),
    ...(nonce ? { nonce } : {}),
  };
  const input = [header, payload]
    .map((part) => base64Url(encoder.encode(JSON.stringify(part))))
    .join('.');
  // WebCrypto's ECDSA signature is r || s, which is what JWS ES256 wants (RFC 7518 §3.4).
  const signature = await crypto.subtle.sign(
    { name: 'ECDSA', hash: 'SHA-256' },
    keys.privateKey,
    encoder.encode(input),
  );
  return `${input}.${base64Url(signature)}`;
}
