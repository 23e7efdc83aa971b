/** Test-only: DPoP keys and proofs made with node:crypto, including the malformed ones a test needs. */
import { generateKeyPairSync, type KeyObject, randomUUID, sign } from 'node:crypto';
import { jwkThumbprint } from '../jwkThumbprint.ts';
import { accessTokenHash } from '../verifyDpopProof.ts';

export interface TestDpopKey {
  alg: 'ES256' | 'RS256' | 'EdDSA';
  privateKey: KeyObject;
  /** The public JWK, as a proof's header carries it. */
  jwk: Record<string, unknown>;
  jkt: string;
}

export function createDpopKey(alg: TestDpopKey['alg'] = 'ES256', rsaBits = 2048): TestDpopKey {
  const { privateKey, publicKey } =
    alg === 'ES256'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : alg === 'RS256'
        ? generateKeyPairSync('rsa', { modulusLength: rsaBits })
        : generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' }) as Record<string, unknown>;
  const jkt = jwkThumbprint(jwk);
  if (jkt === undefined) throw new Error('no thumbprint');
  return { alg, privateKey, jwk, jkt };
}

export interface ProofOptions {
  htm?: string;
  htu: string;
  /** Epoch seconds; default: now by `nowMs`. */
  iat?: number;
  nowMs?: number;
  jti?: string;
  nonce?: string;
  /** The access token whose hash goes in `ath`. */
  accessToken?: string;
  /** Header members to change or add (`undefined` removes one). */
  header?: Record<string, unknown>;
  /** Claims to change or add (`undefined` removes one). */
  claims?: Record<string, unknown>;
  /** Replace the signature part. */
  signature?: string;
}

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

const dropUndefined = (record: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));

/** A DPoP proof JWT (RFC 9449 §4.2) signed by `key`. */
export function signDpopProof(key: TestDpopKey, options: ProofOptions): string {
  const header = dropUndefined({ typ: 'dpop+jwt', alg: key.alg, jwk: key.jwk, ...options.header });
  const claims = dropUndefined({
    jti: options.jti ?? randomUUID(),
    htm: options.htm ?? 'POST',
    htu: options.htu,
    iat: options.iat ?? Math.floor((options.nowMs ?? Date.now()) / 1000),
    ...(options.nonce === undefined ? {} : { nonce: options.nonce }),
    ...(options.accessToken === undefined ? {} : { ath: accessTokenHash(options.accessToken) }),
    ...options.claims,
  });
  const input = `${encode(header)}.${encode(claims)}`;
  const signature =
    options.signature ??
    sign(
      key.alg === 'EdDSA' ? null : 'sha256',
      Buffer.from(input),
      key.alg === 'ES256' ? { key: key.privateKey, dsaEncoding: 'ieee-p1363' } : key.privateKey,
    ).toString('base64url');
  return `${input}.${signature}`;
}
