import { describe, expect, it } from 'vitest';
import { unsignedJwt } from './testSupport/testTokens.ts';
import { accessTokenExpiresAt, isExpiredAt, renewalDueAt, secondsUntil } from './tokenExpiry.ts';

describe('accessTokenExpiresAt', () => {
  const receivedAt = 1_700_000_000_500;

  it('uses expires_at (from expires_in) when the token response had it', () => {
    expect(
      accessTokenExpiresAt({ expiresAtSeconds: 1_700_000_060, accessToken: 'opaque', receivedAt }),
    ).toBe(1_700_000_060_000);
  });

  it('falls back to the JWT lifetime counted from receipt, immune to server clock skew', () => {
    // The server clock is an hour ahead: exp alone would give the token an extra hour.
    const accessToken = unsignedJwt({ iat: 1_700_003_600, exp: 1_700_003_660 });
    expect(accessTokenExpiresAt({ accessToken, receivedAt })).toBe(receivedAt + 60_000);
  });

  it('uses a bare exp when there is no iat', () => {
    expect(
      accessTokenExpiresAt({ accessToken: unsignedJwt({ exp: 1_700_000_030 }), receivedAt }),
    ).toBe(1_700_000_030_000);
  });

  it('fails clearly when the expiry cannot be known', () => {
    expect(() => accessTokenExpiresAt({ accessToken: 'opaque', receivedAt })).toThrow(
      'The token response has no expires_in and the access token is not a JWT',
    );
    expect(() =>
      accessTokenExpiresAt({ accessToken: unsignedJwt({ sub: 'x' }), receivedAt }),
    ).toThrow('no exp');
  });
});

describe('expiry helpers', () => {
  it('counts whole seconds left, never negative', () => {
    expect(secondsUntil(10_000, 500)).toBe(9);
    expect(secondsUntil(10_000, 10_000)).toBe(0);
    expect(secondsUntil(10_000, 20_000)).toBe(0);
  });

  it('treats the expiry instant itself as expired', () => {
    expect(isExpiredAt(10_000, 9_999)).toBe(false);
    expect(isExpiredAt(10_000, 10_000)).toBe(true);
  });

  it('renews the configured lead before expiry', () => {
    // One-hour token, 60 s lead.
    expect(renewalDueAt({ receivedAt: 0, accessTokenExpiresAt: 3_600_000 }, 60)).toBe(3_540_000);
  });

  it('never renews before half the lifetime of a short-lived token', () => {
    // Ten-second token, 60 s lead: renew at 5 s, not immediately (and not in a loop).
    expect(renewalDueAt({ receivedAt: 1_000, accessTokenExpiresAt: 11_000 }, 60)).toBe(6_000);
  });
});
