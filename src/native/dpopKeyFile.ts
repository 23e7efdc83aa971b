import * as client from 'openid-client';
import { z } from 'zod';
import { readPrivateJson, writePrivateFile } from './tokenFile.ts';

/**
 * The native app's DPoP key pair (ES256), kept beside the token file with the same care (mode
 * 0600, refused if others could read it). A real installed app would keep it in the OS keychain
 * (macOS Keychain, Windows CNG/TPM, libsecret) where the private key cannot be copied out; a
 * file keeps this demo portable and shows what the binding buys: the refresh token copied
 * without this file is refused by the server.
 */
const keyFileSchema = z.strictObject({
  version: z.literal(1),
  alg: z.literal('ES256'),
  privateJwk: z.record(z.string(), z.unknown()),
});

export interface NativeDpopKey {
  keyPair: CryptoKeyPair;
  /** RFC 7638 thumbprint: what the server binds the tokens to. */
  jkt: string;
}

/** `localhost_4400.json` → `localhost_4400.dpop-key.json`. */
export const dpopKeyPathFor = (tokenFile: string): string =>
  tokenFile.replace(/(\.json)?$/, '.dpop-key.json');

const ES256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;

async function keyFromPrivateJwk(jwk: JsonWebKey): Promise<CryptoKeyPair> {
  const { d: _d, ...publicJwk } = jwk;
  return {
    // Extractable, so it can be written back; the file is the key's only home.
    privateKey: await crypto.subtle.importKey('jwk', jwk, ES256, true, ['sign']),
    publicKey: await crypto.subtle.importKey(
      'jwk',
      { ...publicJwk, key_ops: ['verify'] },
      ES256,
      true,
      ['verify'],
    ),
  };
}

async function thumbprintOf(keyPair: CryptoKeyPair): Promise<string> {
  const jwk = await crypto.subtle.exportKey('jwk', keyPair.publicKey);
  // RFC 7638 §3.2: the required members in lexicographic order, no whitespace.
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonical));
  return Buffer.from(digest).toString('base64url');
}

/** The stored key, or undefined when there is no key file. */
export async function readDpopKey(path: string): Promise<NativeDpopKey | undefined> {
  const stored = await readPrivateJson(path, keyFileSchema, 'a DPoP key file');
  if (stored === undefined) return undefined;
  const keyPair = await keyFromPrivateJwk(stored.privateJwk as JsonWebKey);
  return { keyPair, jkt: await thumbprintOf(keyPair) };
}

/** The stored key, or a new one written (0600) beside the token file. */
export async function loadOrCreateDpopKey(path: string): Promise<NativeDpopKey> {
  const existing = await readDpopKey(path);
  if (existing) return existing;
  const keyPair = await client.randomDPoPKeyPair('ES256', { extractable: true });
  const privateJwk = await crypto.subtle.exportKey('jwk', keyPair.privateKey);
  await writePrivateFile(
    path,
    `${JSON.stringify({ version: 1, alg: 'ES256', privateJwk }, null, 2)}\n`,
  );
  return { keyPair, jkt: await thumbprintOf(keyPair) };
}
