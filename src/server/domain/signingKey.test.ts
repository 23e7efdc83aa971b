import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { testSigningKey } from '../testSupport/testServer.ts';
import { jwksOf, signingKeyFromPrivateJwk } from './signingKey.ts';

describe('signingKeyFromPrivateJwk', () => {
  it('gives the same key the same kid (RFC 7638 thumbprint)', () => {
    const again = signingKeyFromPrivateJwk(testSigningKey.privateJwk);
    expect(again.kid).toBe(testSigningKey.kid);
    expect(testSigningKey.kid).toMatch(/^[\w-]{43}$/);
  });

  it('refuses a public or non-RSA key', () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(() => signingKeyFromPrivateJwk(publicKey.export({ format: 'jwk' }))).toThrow(/RSA/);
    expect(() => signingKeyFromPrivateJwk({ ...testSigningKey.publicJwk })).toThrow(/private/);
  });

  it('refuses an RSA key shorter than 2048 bits', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(() => signingKeyFromPrivateJwk(privateKey.export({ format: 'jwk' }))).toThrow(/2048/);
  });
});

describe('jwksOf', () => {
  it('publishes public members only', () => {
    const [key] = jwksOf([testSigningKey]).keys;
    expect(Object.keys(key ?? {}).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
  });
});
