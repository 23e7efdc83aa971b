import { describe, expect, it } from 'vitest';
import { sessionFor } from '../../auth/testSupport/testTokens.ts';
import { inspectSession } from './inspectSession.ts';

describe('inspectSession', () => {
  it('shows an opaque access token by its expiry only, and the ID token decoded', () => {
    const [access, id] = inspectSession(
      sessionFor({
        idTokenClaims: { sub: 'auth0|alice', iat: 10, exp: 70 },
        receivedAt: 9_000,
        accessTokenExpiresAt: 99_000,
      }),
    );
    expect(access).toEqual({
      name: 'Access token',
      header: null,
      claims: null,
      expiresAt: 99_000,
      issuedAt: 9_000,
    });
    expect(id).toEqual({
      name: 'ID token',
      header: { alg: 'RS256', kid: 'test-key' },
      claims: { sub: 'auth0|alice', iat: 10, exp: 70 },
      expiresAt: 70_000,
      issuedAt: 10_000,
    });
  });

  it('shows a JWT access token decoded: header and claims', () => {
    const session = {
      ...sessionFor(),
      idTokenHeader: { alg: 'RS256', kid: 'k1' },
      accessTokenHeader: { alg: 'RS256', kid: 'k1', typ: 'at+jwt' },
      accessTokenClaims: { scope: 'read:profile', iat: 5 },
    };
    const [access, id] = inspectSession(session);
    expect(access?.header).toEqual({ alg: 'RS256', kid: 'k1', typ: 'at+jwt' });
    expect(access?.claims).toEqual({ scope: 'read:profile', iat: 5 });
    expect(access?.issuedAt).toBe(5_000);
    expect(id?.header).toEqual({ alg: 'RS256', kid: 'k1' });
  });
});
