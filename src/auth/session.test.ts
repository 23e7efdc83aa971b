import { describe, expect, it } from 'vitest';
import { InvalidTokenResponseError, sessionFromTokens } from './session.ts';
import { CLIENT_ID, ISSUER, idTokenFor, unsignedJwt } from './testSupport/testTokens.ts';

const expected = { issuer: ISSUER, clientId: CLIENT_ID, receivedAt: 1_700_000_000_000 };

describe('sessionFromTokens', () => {
  it('keeps the user, every ID token claim and the access token expiry', () => {
    const session = sessionFromTokens(
      {
        idToken: idTokenFor({ sid: 's1' }),
        accessToken: 'at',
        expiresAtSeconds: 1_700_000_060,
        scope: 'openid',
      },
      expected,
    );
    expect(session).toMatchObject({
      sub: 'auth0|alice',
      email: 'alice@example.com',
      name: 'Alice Liddell',
      scope: 'openid',
      receivedAt: 1_700_000_000_000,
      accessTokenExpiresAt: 1_700_000_060_000,
    });
    expect(session.idTokenClaims).toMatchObject({ iss: ISSUER, aud: CLIENT_ID, sid: 's1' });
    expect(JSON.stringify(session)).not.toContain('"at"');
  });

  it('decodes headers and a JWT access token for display, never keeping a raw token', () => {
    const accessToken = unsignedJwt({ scope: 'read:profile', exp: 1_700_000_060 });
    const session = sessionFromTokens({ idToken: idTokenFor(), accessToken }, expected);
    expect(session.idTokenHeader).toEqual({ alg: 'RS256', typ: 'JWT', kid: 'test' });
    expect(session.accessTokenHeader).toEqual({ alg: 'RS256', typ: 'JWT', kid: 'test' });
    expect(session.accessTokenClaims).toEqual({ scope: 'read:profile', exp: 1_700_000_060 });
    expect(JSON.stringify(session)).not.toContain(accessToken);
  });

  it('has nothing to decode in an opaque access token', () => {
    const session = sessionFromTokens(
      { idToken: idTokenFor(), accessToken: 'opaque-token', expiresAtSeconds: 1_700_000_060 },
      expected,
    );
    expect(session.accessTokenHeader).toBeNull();
    expect(session.accessTokenClaims).toBeNull();
  });

  it('accepts an issuer written without its trailing slash and an audience array', () => {
    const idToken = idTokenFor({ iss: 'http://localhost:4400', aud: ['other', CLIENT_ID] });
    expect(
      sessionFromTokens({ idToken, accessToken: 'at', expiresAtSeconds: 1 }, expected).sub,
    ).toBe('auth0|alice');
  });

  it('refuses an ID token from another issuer', () => {
    const idToken = idTokenFor({ iss: 'http://127.0.0.1:4400/' });
    expect(() =>
      sessionFromTokens({ idToken, accessToken: 'at', expiresAtSeconds: 1 }, expected),
    ).toThrow(
      'The id_token was issued by "http://127.0.0.1:4400/", expected "http://localhost:4400/"',
    );
  });

  it('refuses an ID token for another client', () => {
    const idToken = idTokenFor({ aud: 'someone-else' });
    expect(() =>
      sessionFromTokens({ idToken, accessToken: 'at', expiresAtSeconds: 1 }, expected),
    ).toThrow(InvalidTokenResponseError);
  });

  it('refuses a response without an ID token or an expiry', () => {
    expect(() => sessionFromTokens({ idToken: undefined, accessToken: 'at' }, expected)).toThrow(
      'no id_token',
    );
    expect(() =>
      sessionFromTokens({ idToken: idTokenFor(), accessToken: 'opaque' }, expected),
    ).toThrow('no expires_in');
  });

  it('computes the expiry from a JWT access token when expires_in is missing', () => {
    const accessToken = unsignedJwt({ iat: 100, exp: 130 });
    expect(
      sessionFromTokens({ idToken: idTokenFor(), accessToken }, expected).accessTokenExpiresAt,
    ).toBe(expected.receivedAt + 30_000);
  });
});
