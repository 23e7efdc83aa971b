import { createLocalJWKSet, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { SPA_CLIENT_ID } from '../../protocol/defaults.ts';
import type { AuthServer } from '../createAuthServer.ts';
import {
  ALICE,
  API_AUDIENCE,
  AUTH,
  CookieJar,
  createTestServer,
  exchangeCode,
  ISSUER,
  postForm,
  SPA_ORIGIN,
  signIn,
  VERIFIER,
} from '../testSupport/testServer.ts';

async function codeFor(server: AuthServer, params: Record<string, string | undefined> = {}) {
  const callback = await signIn(server, new CookieJar(), params);
  const code = callback.searchParams.get('code');
  if (!code) throw new Error('no code');
  return code;
}

const userinfo = (server: AuthServer, accessToken: string) =>
  server.app.request(`${AUTH}/userinfo`, { headers: { authorization: `Bearer ${accessToken}` } });

describe('POST /oauth/token (authorization_code)', () => {
  it('issues an access token for the audience and an ID token (form-encoded body)', async () => {
    const { server, clock } = createTestServer();
    const code = await codeFor(server);
    const response = await exchangeCode(server, code);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = await response.json();
    expect(body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 86_400,
      scope: 'openid profile email read:profile',
    });
    const jwks = createLocalJWKSet(server.jwks());
    const now = new Date(clock.now());
    const access = await jwtVerify(body.access_token, jwks, {
      issuer: ISSUER,
      audience: API_AUDIENCE,
      currentDate: now,
    });
    expect(access.protectedHeader).toMatchObject({ alg: 'RS256', kid: server.signingKey.kid });
    expect(access.payload).toMatchObject({
      sub: ALICE.sub,
      aud: [API_AUDIENCE, `${ISSUER}userinfo`],
      scope: 'openid profile email read:profile',
      client_id: SPA_CLIENT_ID,
      azp: SPA_CLIENT_ID,
    });
    expect(access.payload.jti).toEqual(expect.any(String));
    expect(access.payload.exp).toBe(Math.floor(clock.now() / 1000) + 86_400);
    const id = await jwtVerify(body.id_token, jwks, {
      issuer: ISSUER,
      audience: SPA_CLIENT_ID,
      currentDate: now,
    });
    expect(id.payload).toMatchObject({
      sub: ALICE.sub,
      azp: SPA_CLIENT_ID,
      nonce: 'nonce-456',
      name: 'Alice Liddell',
      email: ALICE.email,
      email_verified: true,
      auth_time: Math.floor(clock.now() / 1000),
    });
    expect(id.payload.sid).toEqual(expect.any(String));
  });

  it('accepts a JSON body, as the Auth0 documents post it', async () => {
    const { server } = createTestServer();
    const code = await codeFor(server);
    const response = await server.app.request(`${AUTH}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'authorization_code',
        client_id: SPA_CLIENT_ID,
        code,
        redirect_uri: 'http://localhost:5173/callback',
        code_verifier: VERIFIER,
      }),
    });
    expect(response.status).toBe(200);
  });

  it('issues no ID token without openid, and a token for the API alone', async () => {
    const { server } = createTestServer();
    const body = await (
      await exchangeCode(server, await codeFor(server, { scope: 'read:profile read:orders' }))
    ).json();
    expect(body.id_token).toBeUndefined();
    expect(body.scope).toBe('read:profile read:orders');
    const payload = JSON.parse(atob(body.access_token.split('.')[1]));
    expect(payload.aud).toBe(API_AUDIENCE);
  });

  it('drops offline_access and unknown scopes silently: no refresh token for a SPA', async () => {
    const { server } = createTestServer();
    const code = await codeFor(server, { scope: 'openid offline_access admin read:orders' });
    const body = await (await exchangeCode(server, code)).json();
    expect(body.scope).toBe('openid read:orders');
    expect(body.refresh_token).toBeUndefined();
  });

  it('refuses a wrong code_verifier (PKCE)', async () => {
    const { server } = createTestServer();
    const response = await exchangeCode(server, await codeFor(server), {
      code_verifier: 'x'.repeat(43),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses a missing code_verifier', async () => {
    const { server } = createTestServer();
    const response = await exchangeCode(server, await codeFor(server), {
      code_verifier: undefined,
    });
    expect(await response.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses an expired code (60 s by default)', async () => {
    const { server, clock } = createTestServer();
    const code = await codeFor(server);
    clock.advance(60_000);
    const response = await exchangeCode(server, code);
    expect(await response.json()).toMatchObject({
      error: 'invalid_grant',
      error_description: 'The authorization code has expired',
    });
  });

  it('refuses a code issued to another client', async () => {
    const { server } = createTestServer();
    const response = await exchangeCode(server, await codeFor(server), {
      client_id: 'silent-auth-lab-third-party',
    });
    expect(await response.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses a redirect_uri other than the one the code was issued for', async () => {
    const { server } = createTestServer();
    const response = await exchangeCode(server, await codeFor(server), {
      redirect_uri: `${SPA_ORIGIN}/silent-callback.html`,
    });
    expect(await response.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses a code at another issuer than the one that issued it', async () => {
    const { server } = createTestServer();
    const code = await codeFor(server);
    const response = await postForm(
      server,
      '/oauth/token',
      {
        grant_type: 'authorization_code',
        client_id: SPA_CLIENT_ID,
        code,
        redirect_uri: 'http://localhost:5173/callback',
        code_verifier: VERIFIER,
      },
      { authority: 'http://127.0.0.1:4400' },
    );
    expect(await response.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses a replayed code and revokes the tokens it issued', async () => {
    const { server } = createTestServer();
    const code = await codeFor(server);
    const first = await (await exchangeCode(server, code)).json();
    expect((await userinfo(server, first.access_token)).status).toBe(200);

    const replay = await exchangeCode(server, code);
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ error: 'invalid_grant' });

    const refused = await userinfo(server, first.access_token);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it('refuses an unknown code', async () => {
    const { server } = createTestServer();
    expect(await (await exchangeCode(server, 'made-up')).json()).toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('refuses an unknown client with invalid_client (401)', async () => {
    const { server } = createTestServer();
    const response = await exchangeCode(server, 'x', { client_id: 'nobody' });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('refuses an unsupported grant type', async () => {
    const { server } = createTestServer();
    const response = await exchangeCode(server, 'x', { grant_type: 'urn:example:magic' });
    expect(await response.json()).toMatchObject({ error: 'unsupported_grant_type' });
  });

  it('refuses bodies it cannot read with invalid_request, never a 500', async () => {
    const { server } = createTestServer();
    for (const [type, body] of [
      ['application/json', '{not json'],
      ['application/json', '[1,2]'],
      ['application/json', '{"code":{"a":1}}'],
      ['text/plain', 'grant_type=authorization_code'],
    ]) {
      const response = await server.app.request(`${AUTH}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': type as string },
        body,
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: 'invalid_request' });
    }
  });

  it('refuses a repeated parameter', async () => {
    const { server } = createTestServer();
    const response = await server.app.request(`${AUTH}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `grant_type=authorization_code&code=a&code=b&client_id=${SPA_CLIENT_ID}`,
    });
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('answers GET with 405 and a JSON error', async () => {
    const { server } = createTestServer();
    const response = await server.app.request(`${AUTH}/oauth/token`);
    expect(response.status).toBe(405);
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('follows lifetimes changed at run time', async () => {
    const { server } = createTestServer();
    server.control.setLifetimes({ accessTokenSeconds: 5 });
    const body = await (await exchangeCode(server, await codeFor(server))).json();
    expect(body.expires_in).toBe(5);
  });
});

describe('POST /oauth/token: CORS', () => {
  it('echoes a registered web origin', async () => {
    const { server } = createTestServer();
    const response = await exchangeCode(server, await codeFor(server), {}, { origin: SPA_ORIGIN });
    expect(response.headers.get('access-control-allow-origin')).toBe(SPA_ORIGIN);
    expect(response.headers.get('vary')).toContain('Origin');
  });

  it('also on error responses, so the app can read the error', async () => {
    const { server } = createTestServer();
    const response = await exchangeCode(server, 'made-up', {}, { origin: SPA_ORIGIN });
    expect(response.status).toBe(400);
    expect(response.headers.get('access-control-allow-origin')).toBe(SPA_ORIGIN);
  });

  it('gives an unregistered origin no Access-Control-Allow-Origin', async () => {
    const { server } = createTestServer();
    const response = await exchangeCode(server, 'x', {}, { origin: 'https://evil.example' });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allows the Auth0-Client header in the preflight of a registered origin', async () => {
    const { server } = createTestServer();
    const response = await server.app.request(`${AUTH}/oauth/token`, {
      method: 'OPTIONS',
      headers: {
        origin: SPA_ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'auth0-client,content-type',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(SPA_ORIGIN);
    const allowed = (response.headers.get('access-control-allow-headers') ?? '').toLowerCase();
    expect(allowed).toContain('auth0-client');
    expect(allowed).toContain('content-type');
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('gives an unregistered origin nothing in the preflight', async () => {
    const { server } = createTestServer();
    const response = await server.app.request(`${AUTH}/oauth/token`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});
