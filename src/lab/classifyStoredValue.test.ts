import { describe, expect, it } from 'vitest';
import { unsignedJwt } from '../auth/testSupport/testTokens.ts';
import { classifyStoredItem, tokensIn } from './classifyStoredValue.ts';

const accessToken = unsignedJwt({
  sub: 'auth0|alice',
  scope: 'read:profile',
  aud: 'http://localhost:4401/',
});
const idToken = unsignedJwt({ sub: 'auth0|alice', nonce: 'n', aud: 'silent-auth-lab-spa' });

describe('tokensIn', () => {
  it('finds tokens by field name however deep, and JWTs by shape', () => {
    const oidcUser = JSON.stringify({
      profile: {},
      access_token: accessToken,
      id_token: idToken,
      refresh_token: 'opaque-value-123456',
    });
    expect(tokensIn('oidc.user:spa', oidcUser).sort()).toEqual([
      'access_token',
      'id_token',
      'refresh_token',
    ]);
    expect(tokensIn('anything', accessToken)).toEqual(['access_token']);
    expect(tokensIn('anything', idToken)).toEqual(['id_token']);
  });

  it('takes an opaque value under a key that names a refresh token for one', () => {
    expect(tokensIn('myRefreshToken', 'xxxxxxxxxxxxxxxxxxxxxxxx')).toEqual(['refresh_token']);
  });

  it('finds tokens inside a URL kept somewhere (a cached page, a fragment)', () => {
    expect(tokensIn('cache', `https://x.test/cb#access_token=${accessToken}&state=1`)).toEqual([
      'access_token',
    ]);
  });

  it('finds nothing in what the SPA really keeps: its lab settings and a sign-in transaction', () => {
    expect(tokensIn('silent-auth-lab.settings', '{"silentTransport":"iframe"}')).toEqual([]);
    const transaction = JSON.stringify({
      id: 'abc',
      code_verifier: 'v'.repeat(43),
      data: { returnPath: '/' },
    });
    expect(tokensIn('silent-auth-lab.abc', transaction)).toEqual([]);
  });
});

describe('classifyStoredItem', () => {
  it('refuses a refresh token in any storage, even sessionStorage', () => {
    const finding = classifyStoredItem({
      area: 'sessionStorage',
      key: 'k',
      value: '{"refresh_token":"abcdefghijklmnopqrstuvwxyz"}',
    });
    expect(finding.violation).toBe('a refresh token');
  });

  it('refuses an access token in storage that outlives the tab', () => {
    for (const area of ['localStorage', 'IndexedDB', 'cookies', 'Cache Storage'] as const) {
      expect(classifyStoredItem({ area, key: 'k', value: accessToken }).violation).toMatch(
        /beyond the tab/,
      );
    }
  });

  it('lets an access token in sessionStorage pass (it ends with the tab), and one a setting allows', () => {
    expect(
      classifyStoredItem({ area: 'sessionStorage', key: 'k', value: accessToken }).violation,
    ).toBeNull();
    expect(
      classifyStoredItem(
        { area: 'localStorage', key: 'k', value: accessToken },
        { persistentAccessTokens: true },
      ).violation,
    ).toBeNull();
  });

  it('says "other" for an item without tokens', () => {
    expect(classifyStoredItem({ area: 'localStorage', key: 'theme', value: 'dark' })).toEqual({
      area: 'localStorage',
      key: 'theme',
      kinds: ['other'],
      violation: null,
    });
  });
});
