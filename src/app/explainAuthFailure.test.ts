import { describe, expect, it } from 'vitest';
import { explainAuthFailure } from './explainAuthFailure.ts';

describe('explainAuthFailure', () => {
  it('names the OAuth error the server sent', () => {
    expect(
      explainAuthFailure({ reason: 'oauth_error', error: 'access_denied', description: null }),
    ).toBe('The sign-in was refused (access_denied).');
    expect(
      explainAuthFailure({ reason: 'oauth_error', error: 'weird_error', description: null }),
    ).toBe('The authorization server refused the request. (weird_error)');
  });

  it('says what to do about a blocked silent renewal', () => {
    expect(
      explainAuthFailure({ reason: 'third_party_cookies_blocked', error: null, description: null }),
    ).toMatch(/third-party cookies.*Sign in again/);
  });

  it.each([
    ['grantable', /allow the authorization server to use its cookie here.*full-page/],
    ['no_api', /no Storage Access API/],
    ['denied', /refused the authorization server storage access/],
    ['granted_not_active', /You allowed it storage access, but/],
  ] as const)('says the precise thing when storage access is %s', (storageAccess, words) => {
    const explained = explainAuthFailure({
      reason: 'third_party_cookies_blocked',
      error: null,
      description: null,
      storageAccess,
    });
    expect(explained).toMatch(/^Your browser blocked the authorization server's cookie/);
    expect(explained).toMatch(words);
  });
});
