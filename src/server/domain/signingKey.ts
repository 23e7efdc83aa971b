import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';

export type PrivateJwk = JsonWebKey;

export interface PublicJwk {
  kty: 'RSA';
  n: string;
  e: string;
  kid: string;
  alg: 'RS256';
  use: 'sig';
}

export interface SigningKey {
  /** RFC 7638 thumbprint of the public key: the same key always has the same `kid`. */
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicJwk: PublicJwk;
  /** The private key as JWK, with `kid`, for storing. */
  privateJwk: PrivateJwk;
  /** The JWS protected header of every token it signs, base64url-encoded once (RFC 7515 §7.1). */
  encodedHeader: string;
}

const thumbprint = (n: string, e: string): string =>
  // RFC 7638 §3.2: required members only, lexicographic order, no whitespace.
  createHash('sha256')
    .update(JSON.stringify({ e, kty: 'RSA', n }))
    .digest('base64url');

export function signingKeyFromPrivateJwk(jwk: PrivateJwk): SigningKey {
  if (jwk.kty !== 'RSA' || typeof jwk.d !== 'string') {
    throw new Error('Signing key must be a private RSA JWK (kty "RSA" with "d")');
  }
  const privateKey = createPrivateKey({ key: jwk, format: 'jwk' });
  const publicKey = createPublicKey(privateKey);
  const { n, e } = publicKey.export({ format: 'jwk' });
  if (typeof n !== 'string' || typeof e !== 'string') {
    throw new Error('Signing key must be a private RSA JWK');
  }
  if ((publicKey.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) {
    throw new Error('Signing key must be at least 2048 bits (RFC 7518 §3.3)');
  }
  const kid = thumbprint(n, e);
  return {
    kid,
    privateKey,
    publicKey,
    publicJwk: { kty: 'RSA', n, e, kid, alg: 'RS256', use: 'sig' },
    privateJwk: { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' },
    encodedHeader: Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid })).toString(
      'base64url',
    ),
  };
}

/** About 100 ms of CPU: generate once and reuse (tests share one per file). */
export function generateSigningKey(): SigningKey {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return signingKeyFromPrivateJwk(privateKey.export({ format: 'jwk' }));
}

export const jwksOf = (keys: readonly SigningKey[]): { keys: PublicJwk[] } => ({
  keys: keys.map((key) => key.publicJwk),
});
