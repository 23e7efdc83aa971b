import { describe, expect, it } from 'vitest';
import { unsignedJwt } from '../auth/testSupport/testTokens.ts';
import { decodeJwt } from './decodeJwt.ts';

describe('decodeJwt', () => {
  it('reads the header and the claims', () => {
    expect(decodeJwt(unsignedJwt({ sub: 'auth0|bob', exp: 2 }))).toEqual({
      header: { alg: 'RS256', typ: 'JWT', kid: 'test' },
      claims: { sub: 'auth0|bob', exp: 2 },
    });
  });

  it('is null for an opaque token or a broken header', () => {
    expect(decodeJwt('opaque-refresh-token')).toBeNull();
    expect(decodeJwt(`bm90LWpzb24.${unsignedJwt({}).split('.')[1]}.c2ln`)).toBeNull();
  });
});
