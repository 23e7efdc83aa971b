import { describe, expect, it } from 'vitest';
import { authorityOnHost, endpointOf } from './labEnvironment.ts';
import { failureFromResponse, responseParams, transportFor } from './silentCodeFlow.ts';

describe('failureFromResponse', () => {
  it('types the silent-authentication errors by their own name', () => {
    expect(
      failureFromResponse(new URLSearchParams('error=login_required&error_description=no+session')),
    ).toEqual({
      reason: 'login_required',
      error: 'login_required',
      description: 'no session',
      decidedBy: 'server_answer',
    });
  });

  it('tells server failures from other OAuth errors, and is null for a success', () => {
    expect(failureFromResponse(new URLSearchParams('error=temporarily_unavailable'))?.reason).toBe(
      'server_error',
    );
    expect(failureFromResponse(new URLSearchParams('error=invalid_scope'))?.reason).toBe(
      'oauth_error',
    );
    expect(failureFromResponse(new URLSearchParams('code=abc&state=s'))).toBeNull();
  });
});

describe('responseParams', () => {
  it('reads the query, or the fragment when there is one (implicit)', () => {
    expect(responseParams('http://spa.test/cb?code=1&state=s').get('code')).toBe('1');
    expect(responseParams('http://spa.test/cb#access_token=a&state=s').get('access_token')).toBe(
      'a',
    );
  });
});

describe('transportFor', () => {
  const settings = {
    spaOrigin: 'http://localhost:5173',
    silentRedirectUri: 'http://localhost:5173/silent-callback.html',
    authority: 'http://127.0.0.1:4400/',
  };
  it('takes web_message answers from the server it asked, iframe answers from our own page', () => {
    expect(transportFor('web_message', settings).responseOrigin).toBe('http://127.0.0.1:4400');
    expect(transportFor('iframe', settings).responseOrigin).toBe('http://localhost:5173');
  });
});

describe('endpointOf and authorityOnHost', () => {
  it('joins paths to an authority with or without its slash', () => {
    expect(endpointOf('http://localhost:4400/', '/oauth/token')).toBe(
      'http://localhost:4400/oauth/token',
    );
    expect(endpointOf('http://localhost:4400', 'authorize')).toBe(
      'http://localhost:4400/authorize',
    );
  });

  it('moves the authority to another host, same port', () => {
    expect(authorityOnHost('http://localhost:4410/', '127.0.0.1')).toBe('http://127.0.0.1:4410/');
  });
});
