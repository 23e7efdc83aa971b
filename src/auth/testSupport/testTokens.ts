/** Unsigned JWTs and sessions for unit tests (never imported by the app). */
import type { Session } from '../session.ts';

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function unsignedJwt(claims: Record<string, unknown>): string {
  return `${encode({ alg: 'RS256', typ: 'JWT', kid: 'test' })}.${encode(claims)}.c2lnbmF0dXJl`;
}

export const ISSUER = 'http://localhost:4400/';
export const CLIENT_ID = 'silent-auth-lab-spa';

export function idTokenFor(overrides: Record<string, unknown> = {}): string {
  return unsignedJwt({
    iss: ISSUER,
    aud: CLIENT_ID,
    sub: 'auth0|alice',
    email: 'alice@example.com',
    name: 'Alice Liddell',
    iat: 1_700_000_000,
    exp: 1_700_036_000,
    ...overrides,
  });
}

export function sessionFor(overrides: Partial<Session> = {}): Session {
  return {
    sub: 'auth0|alice',
    email: 'alice@example.com',
    name: 'Alice Liddell',
    idTokenClaims: { sub: 'auth0|alice', email: 'alice@example.com' },
    idTokenHeader: { alg: 'RS256', kid: 'test-key' },
    accessTokenHeader: null,
    accessTokenClaims: null,
    scope: 'openid profile email read:profile read:orders',
    receivedAt: 1_000_000,
    accessTokenExpiresAt: 1_000_000 + 60_000,
    ...overrides,
  };
}
