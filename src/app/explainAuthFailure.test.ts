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
});
