import { describe, expect, it } from 'vitest';
import { readClientSettings } from '../clientSettings.ts';
import { buildImplicitAuthorizeUrl } from './buildImplicitAuthorizeUrl.ts';

const settings = readClientSettings(undefined, 'http://localhost:5173');
const paramsOf = (url: string) => Object.fromEntries(new URL(url).searchParams);

describe('buildImplicitAuthorizeUrl', () => {
  it('asks for tokens in the fragment with a fresh state and nonce', () => {
    const { url, transaction } = buildImplicitAuthorizeUrl(settings, {
      responseType: 'id_token token',
      returnPath: '/profile',
    });
    expect(url.startsWith('http://localhost:4400/authorize?')).toBe(true);
    expect(paramsOf(url)).toEqual({
      client_id: 'silent-auth-lab-spa',
      response_type: 'id_token token',
      redirect_uri: 'http://localhost:5173/callback',
      scope: settings.scope,
      audience: 'http://localhost:4401/',
      state: transaction.state,
      nonce: transaction.nonce,
    });
    expect(transaction).toEqual({
      state: expect.stringMatching(/^[\w-]{22}$/),
      nonce: expect.stringMatching(/^[\w-]{22}$/),
      responseType: 'id_token token',
      redirectUri: 'http://localhost:5173/callback',
      returnPath: '/profile',
    });
    expect(transaction.nonce).not.toBe(transaction.state);
  });

  it('never reuses a state or nonce', () => {
    const values = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const { transaction } = buildImplicitAuthorizeUrl(settings, { responseType: 'id_token' });
      values.add(transaction.state).add(transaction.nonce ?? '');
    }
    expect(values.size).toBe(100);
  });

  it('sends no nonce when no ID token is asked for', () => {
    const { url, transaction } = buildImplicitAuthorizeUrl(settings, { responseType: 'token' });
    expect(transaction.nonce).toBeUndefined();
    expect(new URL(url).searchParams.has('nonce')).toBe(false);
  });

  it('builds the checkSession request: web_message, prompt=none, id_token_hint', () => {
    const { url } = buildImplicitAuthorizeUrl(settings, {
      responseType: 'id_token token',
      responseMode: 'web_message',
      prompt: 'none',
      idTokenHint: 'the.current.id-token',
      authorizationEndpoint: 'http://localhost:4400/authorize',
    });
    expect(paramsOf(url)).toMatchObject({
      response_mode: 'web_message',
      prompt: 'none',
      id_token_hint: 'the.current.id-token',
    });
  });
});
