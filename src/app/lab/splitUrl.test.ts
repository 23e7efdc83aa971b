import { describe, expect, it } from 'vitest';
import { messageFields, splitUrl } from './splitUrl.ts';

describe('splitUrl', () => {
  it('splits the query into decoded parameters', () => {
    expect(
      splitUrl(
        'http://a.test:4400/authorize?client_id=spa&scope=openid+profile&redirect_uri=http%3A%2F%2Fx.test%2Fcb',
      ),
    ).toEqual({
      base: 'http://a.test:4400/authorize',
      params: [
        ['client_id', 'spa'],
        ['scope', 'openid profile'],
        ['redirect_uri', 'http://x.test/cb'],
      ],
      in: 'query',
    });
  });

  it('reads a fragment when there is no query, and leaves non-URLs whole', () => {
    expect(splitUrl('http://a.test/cb#access_token=x&state=s')).toMatchObject({
      in: 'fragment',
      params: [
        ['access_token', 'x'],
        ['state', 's'],
      ],
    });
    expect(splitUrl('localStorage')).toEqual({ base: 'localStorage', params: [], in: null });
  });
});

describe('messageFields', () => {
  it('reads the callback URL of the silent callback page', () => {
    expect(
      messageFields({
        source: 'oidc-client',
        url: 'http://spa.test/cb?error=login_required&state=s',
      }),
    ).toEqual([
      ['error', 'login_required'],
      ['state', 's'],
    ]);
  });

  it('reads the response of a web_message answer, and the simple fields of other messages', () => {
    expect(
      messageFields({ type: 'authorization_response', response: { code: 'c', state: 's' } }),
    ).toEqual([
      ['code', 'c'],
      ['state', 's'],
    ]);
    expect(messageFields({ type: 'cookie_probe', cookies: false })).toEqual([
      ['type', 'cookie_probe'],
      ['cookies', 'false'],
    ]);
    expect(messageFields(null)).toEqual([]);
  });
});
