import { describe, expect, it } from 'vitest';
import { decodeJwtClaims } from './decodeJwtClaims.ts';
import { unsignedJwt } from './testSupport/testTokens.ts';

describe('decodeJwtClaims', () => {
  it('reads the payload, UTF-8 included', () => {
    expect(decodeJwtClaims(unsignedJwt({ sub: 'auth0|alice', name: 'Alïce ✓', exp: 5 }))).toEqual({
      sub: 'auth0|alice',
      name: 'Alïce ✓',
      exp: 5,
    });
  });

  it.each([
    ['opaque-token', 'three dot-separated parts'],
    ['a.b', 'three dot-separated parts'],
    ['a.!!!.c', 'base64url-encoded JSON'],
    [`a.${Buffer.from('[1,2]').toString('base64url')}.c`, 'not a JSON object'],
  ])('refuses %j', (token, message) => {
    expect(() => decodeJwtClaims(token)).toThrow(message);
  });
});
