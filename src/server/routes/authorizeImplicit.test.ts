import { createHash } from 'node:crypto';
import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { NATIVE_CLIENT_ID, NATIVE_REDIRECT_URIS, SPA_CLIENT_ID } from '../../protocol/defaults.ts';
import {
  ALICE,
  API_AUDIENCE,
  AUTH,
  authorizeUrl,
  browse,
  CALLBACK,
  CookieJar,
  createTestServer,
  ISSUER,
  postedMessage,
  SPA_ORIGIN,
  signIn,
} from '../testSupport/testServer.ts';

/** An implicit request as auth0-js sends it: no PKCE, a nonce, tokens in the fragment. */
const implicitParams = (params: Record<string, string | undefined> = {}) => ({
  response_type: 'token id_token',
  code_challenge: undefined,
  code_challenge_method: undefined,
  auth0Client: 'eyJuYW1lIjoiYXV0aDAuanMifQ',
  ...params,
});

const implicit = (params: Record<string, string | undefined> = {}) =>
  authorizeUrl(implicitParams(params));

const fragmentOf = (url: URL | string) =>
  Object.fromEntries(new URLSearchParams(new URL(url).hash.slice(1)));

const atHash = (token: string) =>
  createHash('sha256').update(token).digest().subarray(0, 16).toString('base64url');

describe('GET /authorize, implicit flow (response_type=id_token token)', () => {
  it('returns both tokens in the fragment, the ID token with nonce and at_hash', async () => {
    const { server, clock } = createTestServer();
    const callback = await signIn(server, new CookieJar(), implicitParams());
    expect(`${callback.origin}${callback.pathname}`).toBe(CALLBACK);
    expect(callback.search).toBe('');
    const fragment = fragmentOf(callback);
    expect(fragment).toMatchObject({
      token_type: 'Bearer',
      expires_in: '86400',
      scope: 'openid profile email read:profile',
      state: 'state-123',
      iss: ISSUER,
    });
    expect(fragment).not.toHaveProperty('code');
    expect(fragment).not.toHaveProperty('refresh_token');
    const jwks = createLocalJWKSet(server.jwks());
    const currentDate = new Date(clock.now());
    const id = await jwtVerify(fragment.id_token ?? '', jwks, {
      issuer: ISSUER,
      audience: SPA_CLIENT_ID,
      currentDate,
    });
    expect(id.payload).toMatchObject({
      sub: ALICE.sub,
      nonce: 'nonce-456',
      at_hash: atHash(fragment.access_token ?? ''),
      azp: SPA_CLIENT_ID,
      email: ALICE.email,
    });
    const access = await jwtVerify(fragment.access_token ?? '', jwks, {
      issuer: ISSUER,
      audience: API_AUDIENCE,
      currentDate,
    });
    expect(access.payload).toMatchObject({
      sub: ALICE.sub,
      scope: 'openid profile email read:profile',
    });
  });

  it('accepts the words in either order', async () => {
    const { server } = createTestServer();
    const fragment = fragmentOf(
      await signIn(server, new CookieJar(), implicitParams({ response_type: 'id_token token' })),
    );
    expect(fragment.access_token).toBeTruthy();
    expect(fragment.id_token).toBeTruthy();
  });

  it('returns only an ID token (no at_hash) for response_type=id_token', async () => {
    const { server } = createTestServer();
    const fragment = fragmentOf(
      await signIn(server, new CookieJar(), implicitParams({ response_type: 'id_token' })),
    );
    expect(Object.keys(fragment).sort()).toEqual(['id_token', 'iss', 'state']);
    const claims = decodeJwt(fragment.id_token ?? '');
    expect(claims.nonce).toBe('nonce-456');
    expect(claims).not.toHaveProperty('at_hash');
  });

  it('returns only an access token for response_type=token, without needing a nonce', async () => {
    const { server } = createTestServer();
    const fragment = fragmentOf(
      await signIn(
        server,
        new CookieJar(),
        implicitParams({ response_type: 'token', nonce: undefined, scope: 'read:profile' }),
      ),
    );
    expect(fragment.access_token).toBeTruthy();
    expect(fragment).not.toHaveProperty('id_token');
    expect(decodeJwt(fragment.access_token ?? '').aud).toBe(API_AUDIENCE);
  });

  it('drops offline_access silently: never a refresh token in the implicit flow', async () => {
    const { server } = createTestServer();
    const fragment = fragmentOf(
      await signIn(
        server,
        new CookieJar(),
        implicitParams({ scope: 'openid offline_access read:profile' }),
      ),
    );
    expect(fragment.scope).toBe('openid read:profile');
    expect(fragment).not.toHaveProperty('refresh_token');
    expect(fragment).not.toHaveProperty('error');
    expect(server.control.listRefreshTokens()).toEqual([]);
  });

  it('works for a http://localhost redirect URI (Auth0 allows implicit there)', async () => {
    const { server } = createTestServer();
    const callback = await signIn(server, new CookieJar(), implicitParams());
    expect(callback.protocol).toBe('http:');
    expect(callback.hostname).toBe('localhost');
    expect(fragmentOf(callback).access_token).toBeTruthy();
  });
});

describe('GET /authorize, implicit flow refusals (errors in the fragment, never the query)', () => {
  const errorIn = async (params: Record<string, string | undefined>) => {
    const { server } = createTestServer();
    const response = await server.app.request(implicit(params));
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.search).toBe('');
    return fragmentOf(location);
  };

  it('requires a nonce whenever an ID token is returned', async () => {
    for (const responseType of ['id_token token', 'id_token']) {
      const fragment = await errorIn({ response_type: responseType, nonce: undefined });
      expect(fragment).toMatchObject({ error: 'invalid_request', state: 'state-123' });
      expect(fragment.error_description).toContain('nonce');
    }
  });

  it('requires the openid scope for an ID token', async () => {
    const fragment = await errorIn({ scope: 'read:profile' });
    expect(fragment.error).toBe('invalid_request');
    expect(fragment.error_description).toContain('openid');
  });

  it('refuses response_mode=query for tokens, answering in the fragment', async () => {
    const fragment = await errorIn({ response_mode: 'query' });
    expect(fragment.error).toBe('invalid_request');
    expect(fragment.error_description).toContain('response_mode=query');
  });

  it('refuses a client without the implicit grant (the native app)', async () => {
    const { server } = createTestServer();
    const response = await server.app.request(
      implicit({ client_id: NATIVE_CLIENT_ID, redirect_uri: NATIVE_REDIRECT_URIS.loopback }),
    );
    const location = new URL(response.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(NATIVE_REDIRECT_URIS.loopback);
    expect(fragmentOf(location)).toMatchObject({ error: 'unauthorized_client' });
  });

  it('answers login_required to prompt=none without a session, in the fragment', async () => {
    const fragment = await errorIn({ prompt: 'none' });
    expect(fragment).toMatchObject({ error: 'login_required', state: 'state-123' });
  });
});

describe('GET /authorize, implicit flow with prompt=none (checkSession)', () => {
  it('posts fresh tokens to the parent with response_mode=web_message', async () => {
    const { server } = createTestServer();
    const jar = new CookieJar();
    await signIn(server, jar);
    const response = await browse(
      server,
      jar,
      implicit({ prompt: 'none', response_mode: 'web_message', nonce: 'renewal-nonce' }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain(
      `frame-ancestors ${SPA_ORIGIN}`,
    );
    const { message, targetOrigin } = postedMessage(await response.text());
    expect(targetOrigin).toBe(SPA_ORIGIN);
    expect(message.type).toBe('authorization_response');
    expect(message.response).toMatchObject({
      token_type: 'Bearer',
      state: 'state-123',
      expires_in: '86400',
    });
    const { id_token: idToken = '', access_token: accessToken = '' } = message.response;
    expect(idToken).not.toBe('');
    expect(accessToken).not.toBe('');
    const claims = decodeJwt(idToken);
    expect(claims.nonce).toBe('renewal-nonce');
    expect(claims.at_hash).toBe(atHash(accessToken));
  });

  it('redirects fresh tokens to the silent callback in the fragment', async () => {
    const { server } = createTestServer();
    const jar = new CookieJar();
    await signIn(server, jar);
    const response = await browse(
      server,
      jar,
      implicit({ prompt: 'none', redirect_uri: `${SPA_ORIGIN}/silent-callback.html` }),
    );
    const fragment = fragmentOf(response.headers.get('location') ?? '');
    expect(fragment.access_token).toBeTruthy();
    expect(fragment.id_token).toBeTruthy();
  });

  it('delivers tokens by form_post too', async () => {
    const { server } = createTestServer();
    const jar = new CookieJar();
    await signIn(server, jar);
    const response = await browse(server, jar, implicit({ response_mode: 'form_post' }));
    const html = await response.text();
    expect(html).toMatch(/name="access_token" value="ey/);
    expect(html).toMatch(/name="id_token" value="ey/);
  });
});

describe('GET /authorize, implicit flow and the origin in the issuer', () => {
  it('speaks as 127.0.0.1 when reached there', async () => {
    const { server } = createTestServer();
    const jar = new CookieJar();
    await signIn(server, jar);
    const url = implicit({ prompt: 'none' }).replace(AUTH, 'http://127.0.0.1:4400');
    const response = await server.app.request(url);
    // No cookie reached 127.0.0.1 here (another site): login_required, with that issuer.
    expect(fragmentOf(response.headers.get('location') ?? '')).toMatchObject({
      error: 'login_required',
      iss: 'http://127.0.0.1:4400/',
    });
  });
});
