import { decodeProtectedHeader, jwtVerify, SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { testSigningKey } from '../testSupport/testServer.ts';
import { signJwt, verifyJwt } from './jwt.ts';
import { generateSigningKey } from './signingKey.ts';

const NOW = Date.UTC(2030, 0, 1);
const claims = {
  iss: 'http://localhost:4400/',
  aud: ['api', 'http://localhost:4400/userinfo'],
  sub: 'auth0|alice',
  exp: NOW / 1000 + 60,
};
const options = { issuers: ['http://localhost:4400/'], audience: 'api', now: NOW };

describe('signJwt', () => {
  it('signs an RS256 JWT that jose verifies, with typ and the key id in its header', async () => {
    const token = signJwt(claims, testSigningKey);
    expect(decodeProtectedHeader(token)).toEqual({
      alg: 'RS256',
      typ: 'JWT',
      kid: testSigningKey.kid,
    });
    const { payload } = await jwtVerify(token, testSigningKey.publicKey, {
      algorithms: ['RS256'],
      currentDate: new Date(NOW),
    });
    expect(payload).toEqual(claims);
  });

  it('encodes claims outside Latin-1 as UTF-8', async () => {
    const token = signJwt({ ...claims, name: 'Zoë 🦊' }, testSigningKey);
    const { payload } = await jwtVerify(token, testSigningKey.publicKey, {
      currentDate: new Date(NOW),
    });
    expect(payload.name).toBe('Zoë 🦊');
  });
});

describe('verifyJwt', () => {
  it('accepts a token we signed', async () => {
    const result = verifyJwt(signJwt(claims, testSigningKey), testSigningKey, options);
    expect(result).toMatchObject({ ok: true, claims: { sub: 'auth0|alice' } });
  });

  it('refuses alg none', async () => {
    const unsecured = new UnsecuredJWT(claims).encode();
    expect(verifyJwt(unsecured, testSigningKey, options).ok).toBe(false);
  });

  it('refuses a token signed by another key', async () => {
    const other = generateSigningKey();
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: testSigningKey.kid })
      .sign(other.privateKey);
    expect(verifyJwt(token, testSigningKey, options).ok).toBe(false);
  });

  it('refuses alg confusion: HS256 keyed with our public key', async () => {
    const publicPem = testSigningKey.publicKey.export({ type: 'spki', format: 'pem' });
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode(String(publicPem)));
    expect(verifyJwt(token, testSigningKey, options).ok).toBe(false);
  });

  it('refuses a changed payload, a crit header, and parts that are not strict base64url', () => {
    const token = signJwt(claims, testSigningKey);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const changed = `${header}.${encode({ ...claims, sub: 'auth0|mallory' })}.${signature}`;
    expect(verifyJwt(changed, testSigningKey, options).ok).toBe(false);
    expect(verifyJwt(`${token}!`, testSigningKey, options).ok).toBe(false);
    expect(verifyJwt(`${header}.${payload}.${signature}.x`, testSigningKey, options).ok).toBe(
      false,
    );
    const critHeader = encode({ alg: 'RS256', crit: ['b64'], b64: false });
    const crit = signJwt(claims, { ...testSigningKey, encodedHeader: critHeader });
    expect(verifyJwt(crit, testSigningKey, options).ok).toBe(false);
    expect(verifyJwt(token, testSigningKey, options).ok).toBe(true);
  });

  it('refuses another issuer, another audience, and an expired token', async () => {
    const token = signJwt(claims, testSigningKey);
    expect(verifyJwt(token, testSigningKey, { ...options, issuers: ['x'] }).ok).toBe(false);
    expect(verifyJwt(token, testSigningKey, { ...options, audience: 'y' }).ok).toBe(false);
    const later = { ...options, now: NOW + 60_000 };
    expect(verifyJwt(token, testSigningKey, later).ok).toBe(false);
    expect(verifyJwt(token, testSigningKey, { ...later, checkExpiry: false }).ok).toBe(true);
  });
});
