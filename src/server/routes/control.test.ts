import { describe, expect, it } from 'vitest';
import { NATIVE_CLIENT_ID } from '../../protocol/defaults.ts';
import type { AuthServer } from '../createAuthServer.ts';
import {
  ALICE,
  API_AUDIENCE,
  AUTH,
  authorizeUrl,
  BOB,
  browse,
  CookieJar,
  createTestServer,
  exchangeCode,
  formPost,
  hiddenField,
  refreshWith,
  signIn,
  signInNative,
} from '../testSupport/testServer.ts';

const post = (server: AuthServer, path: string, body?: unknown, headers = {}) =>
  server.app.request(`${AUTH}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });

const silentError = async (server: AuthServer, jar: CookieJar, params = {}) => {
  const response = await browse(server, jar, authorizeUrl({ ...params, prompt: 'none' }));
  return new URL(response.headers.get('location') ?? '').searchParams.get('error');
};

describe('control API', () => {
  it('reports health', async () => {
    const { server } = createTestServer();
    const response = await server.app.request(`${AUTH}/__control/health`);
    expect(await response.json()).toEqual({ ok: true });
  });

  it('resets to the seeded state: sessions and lifetime overrides are gone', async () => {
    const { server } = createTestServer();
    const jar = new CookieJar();
    await signIn(server, jar);
    await post(server, '/__control/lifetimes', { accessTokenSeconds: 5 });
    expect((await post(server, '/__control/reset')).status).toBe(200);
    expect(await silentError(server, jar)).toBe('login_required');
    const callback = await signIn(server, jar);
    const body = await (await exchangeCode(server, callback.searchParams.get('code') ?? '')).json();
    expect(body.expires_in).toBe(86_400);
  });

  it('sets lifetimes', async () => {
    const { server } = createTestServer();
    const response = await post(server, '/__control/lifetimes', {
      accessTokenSeconds: 30,
      codeSeconds: 10,
    });
    expect(await response.json()).toEqual({
      ok: true,
      lifetimes: { accessTokenSeconds: 30, idTokenSeconds: 36_000, codeSeconds: 10 },
    });
    const callback = await signIn(server, new CookieJar());
    const body = await (await exchangeCode(server, callback.searchParams.get('code') ?? '')).json();
    expect(body.expires_in).toBe(30);
  });

  it('ends one user’s sessions, leaving the others', async () => {
    const { server } = createTestServer();
    const alice = new CookieJar();
    const bob = new CookieJar();
    await signIn(server, alice);
    await signIn(server, bob, {}, BOB);
    const response = await post(server, '/__control/sessions/end', { userId: 'auth0|alice' });
    expect(await response.json()).toEqual({ ok: true, ended: 1 });
    expect(await silentError(server, alice)).toBe('login_required');
    expect(await silentError(server, bob)).toBeNull();
  });

  it('ends all sessions without a body', async () => {
    const { server } = createTestServer();
    await signIn(server, new CookieJar());
    await signIn(server, new CookieJar(), {}, BOB);
    const response = await server.app.request(`${AUTH}/__control/sessions/end`, { method: 'POST' });
    expect(await response.json()).toEqual({ ok: true, ended: 2 });
  });

  it('lists refresh tokens (never the tokens themselves) and filters them', async () => {
    const { server } = createTestServer();
    const tokens = await signInNative(server);
    await signInNative(server, { device: 'Phone' }, new CookieJar());
    const all = await (await server.app.request(`${AUTH}/__control/refresh-tokens`)).json();
    expect(all.refreshTokens).toHaveLength(2);
    expect(all.refreshTokens[0]).toEqual({
      id: expect.stringMatching(/^dcr_/),
      clientId: NATIVE_CLIENT_ID,
      userId: ALICE.sub,
      device: 'Test laptop',
      scope: 'openid profile email offline_access read:profile',
      audience: API_AUDIENCE,
      rotating: false,
      createdAt: expect.any(String),
      lastUsedAt: expect.any(String),
      expiresAt: null,
    });
    expect(JSON.stringify(all)).not.toContain(tokens.refresh_token);
    const bobs = await (
      await server.app.request(`${AUTH}/__control/refresh-tokens?userId=auth0%7Cbob`)
    ).json();
    expect(bobs.refreshTokens).toEqual([]);
  });

  it('revokes refresh tokens by id, user or client (all with an empty body)', async () => {
    const { server } = createTestServer();
    const first = await signInNative(server);
    await signInNative(server, { device: 'Phone' }, new CookieJar());
    const [listed] = server.control.listRefreshTokens();
    const byId = await post(server, '/__control/refresh-tokens/revoke', { id: listed?.id });
    expect(await byId.json()).toEqual({ ok: true, revoked: 1 });
    expect(await (await refreshWith(server, first.refresh_token ?? '')).json()).toMatchObject({
      error: 'invalid_grant',
    });
    const none = await post(server, '/__control/refresh-tokens/revoke', { userId: BOB.sub });
    expect(await none.json()).toEqual({ ok: true, revoked: 0 });
    const all = await post(server, '/__control/refresh-tokens/revoke');
    expect(await all.json()).toEqual({ ok: true, revoked: 1 });
    const bad = await post(server, '/__control/refresh-tokens/revoke', { user: 'x' });
    expect(bad.status).toBe(400);
  });

  it.each([
    ['a negative lifetime', { accessTokenSeconds: -1 }],
    ['a fractional lifetime', { codeSeconds: 1.5 }],
    ['a string lifetime', { idTokenSeconds: '60' }],
    ['an unknown field', { accesTokenSeconds: 60 }],
    ['not an object', [1, 2]],
    ['malformed JSON', '{oops'],
  ])('refuses %s with a JSON 400', async (_, body) => {
    const { server } = createTestServer();
    const response = await post(server, '/__control/lifetimes', body);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('refuses a non-JSON body', async () => {
    const { server } = createTestServer();
    const response = await post(server, '/__control/sessions/end', 'userId=x', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(response.status).toBe(400);
  });

  it('refuses requests from a web page on another origin', async () => {
    const { server } = createTestServer();
    const response = await post(server, '/__control/reset', undefined, {
      origin: 'https://evil.example',
    });
    expect(response.status).toBe(403);
  });

  it('reads lifetimes back', async () => {
    const { server } = createTestServer();
    await post(server, '/__control/lifetimes', { idTokenSeconds: 90 });
    const response = await server.app.request(`${AUTH}/__control/lifetimes`);
    expect(await response.json()).toEqual({
      lifetimes: { accessTokenSeconds: 86_400, idTokenSeconds: 90, codeSeconds: 60 },
    });
  });

  it('answers an unknown control endpoint with a JSON 404', async () => {
    const { server } = createTestServer();
    const response = await post(server, '/__control/nope');
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('does not exist when control is off', async () => {
    const { server } = createTestServer((config) => ({ ...config, control: false }));
    const response = await post(server, '/__control/reset');
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
  });
});

describe('control API behind a token', () => {
  const protectedServer = () =>
    createTestServer((config) => ({ ...config, controlToken: 'test-control-token' })).server;

  it.each([
    ['no Authorization header', {}],
    ['another token', { authorization: 'Bearer wrong' }],
    ['Basic credentials', { authorization: 'Basic dGVzdC1jb250cm9sLXRva2Vu' }],
  ])('refuses %s with a JSON 401', async (_, headers) => {
    const server = protectedServer();
    const response = await post(server, '/__control/reset', undefined, headers);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await response.json()).toMatchObject({ error: 'invalid_token' });
    const health = await server.app.request(`${AUTH}/__control/health`, { headers });
    expect(health.status).toBe(401);
  });

  it('lets the bearer of the token in', async () => {
    const server = protectedServer();
    const response = await post(server, '/__control/reset', undefined, {
      authorization: 'Bearer test-control-token',
    });
    expect(response.status).toBe(200);
  });

  it('leaves the OAuth endpoints alone', async () => {
    const server = protectedServer();
    const response = await server.app.request(`${AUTH}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
  });
});

describe('control API: sessions and grants', () => {
  it('creates a session for a user and hands back its cookie, which prompt=none accepts', async () => {
    const { server } = createTestServer();
    const response = await post(server, '/__control/sessions', { email: 'Bob@example.com' });
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body).toMatchObject({
      ok: true,
      userId: BOB.sub,
      cookie: { name: 'sal_session', path: '/', httpOnly: true, sameSite: 'Lax' },
      cookies: [
        { name: 'sal_session', sameSite: 'Lax' },
        { name: 'sal_session_xs', sameSite: 'None', secure: true, value: body.cookie.value },
      ],
    });
    const jar = new CookieJar();
    jar.store(
      new Response(null, { headers: { 'set-cookie': `sal_session=${body.cookie.value}` } }),
    );
    const answer = await browse(server, jar, authorizeUrl({ prompt: 'none' }));
    const callback = new URL(answer.headers.get('location') ?? '');
    expect(callback.searchParams.get('code')).toBeTruthy();
    const tokens = await (
      await exchangeCode(server, callback.searchParams.get('code') ?? '')
    ).json();
    expect(JSON.parse(atob(tokens.id_token.split('.')[1])).sub).toBe(BOB.sub);
  });

  it.each([
    ['an unknown user', { userId: 'auth0|nobody' }, 404],
    ['no user at all', {}, 400],
    ['both userId and email', { userId: ALICE.sub, email: ALICE.email }, 400],
    ['an unknown field', { user: ALICE.sub }, 400],
  ])('refuses a session for %s', async (_, body, status) => {
    const { server } = createTestServer();
    const response = await post(server, '/__control/sessions', body);
    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('revokes grants: a third-party client needs consent again', async () => {
    const { server } = createTestServer();
    const jar = new CookieJar();
    await signIn(server, jar);
    const params = { client_id: 'silent-auth-lab-third-party' };
    const start = await browse(server, jar, authorizeUrl(params));
    const consentPage = start.headers.get('location') ?? '';
    expect(consentPage).toMatch(/^\/u\/consent/);
    const page = await (await browse(server, jar, consentPage)).text();
    await browse(
      server,
      jar,
      '/u/consent',
      formPost({
        state: hiddenField(page, 'state'),
        csrf: hiddenField(page, 'csrf'),
        decision: 'accept',
      }),
    );
    expect(await silentError(server, jar, params)).toBeNull();
    const revoked = await post(server, '/__control/grants/revoke', { userId: ALICE.sub });
    expect(await revoked.json()).toEqual({ ok: true, revoked: 1 });
    expect(await silentError(server, jar, params)).toBe('consent_required');
    const none = await post(server, '/__control/grants/revoke', { clientId: 'x' });
    expect(await none.json()).toEqual({ ok: true, revoked: 0 });
    expect((await post(server, '/__control/grants/revoke', { sub: 'x' })).status).toBe(400);
  });
});

describe('control API: users and clients', () => {
  const carol = {
    userId: 'auth0|carol',
    email: 'carol@example.com',
    password: 'secret',
    appMetadata: { roles: ['admin'] },
  };

  it('creates a user who can then sign in, and never echoes the password', async () => {
    const { server } = createTestServer();
    const response = await post(server, '/__control/users', carol);
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body).toMatchObject({ ok: true, created: true, user: { userId: 'auth0|carol' } });
    expect(JSON.stringify(body)).not.toContain('secret');
    const callback = await signIn(server, new CookieJar(), {}, { ...carol, sub: carol.userId });
    expect(callback.searchParams.get('code')).toBeTruthy();
  });

  it('replaces a user with the same id, and updates given fields', async () => {
    const { server } = createTestServer();
    const replaced = await post(server, '/__control/users', { ...carol, userId: BOB.sub });
    expect(replaced.status).toBe(200);
    expect((await replaced.json()).created).toBe(false);
    const patched = await server.app.request(
      `${AUTH}/__control/users/${encodeURIComponent(BOB.sub)}`,
      {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Robert' }),
      },
    );
    expect(await patched.json()).toMatchObject({
      user: { userId: BOB.sub, email: 'carol@example.com', name: 'Robert' },
    });
  });

  it.each([
    ['a bad email', { ...carol, email: 'nope' }, 'email: expected an email address'],
    ['a missing password', { userId: 'x', email: 'x@example.com' }, 'password:'],
    ['an unknown field', { ...carol, role: 'admin' }, 'role'],
    [
      "another user's email",
      { ...carol, email: 'ALICE@example.com' },
      'email: expected a unique email',
    ],
    ['not an object', [carol], 'expected a JSON object'],
  ])('refuses a user with %s, naming the field', async (_, body, message) => {
    const { server } = createTestServer();
    const response = await post(server, '/__control/users', body);
    expect(response.status).toBe(400);
    const answer = await response.json();
    expect(answer.error).toBe('invalid_request');
    expect(answer.error_description).toContain(message);
  });

  it('refuses to update an unknown user with a 404', async () => {
    const { server } = createTestServer();
    const response = await server.app.request(`${AUTH}/__control/users/nobody`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(404);
  });

  it('creates a client with its own redirect URI, which /authorize then accepts', async () => {
    const { server } = createTestServer();
    const response = await post(server, '/__control/clients', {
      clientId: 'other-app',
      redirectUris: ['http://localhost:3000/cb'],
      webOrigins: ['http://localhost:3000'],
    });
    expect(response.status).toBe(201);
    expect((await response.json()).client).toMatchObject({ clientId: 'other-app', type: 'spa' });
    const callback = await signIn(server, new CookieJar(), {
      client_id: 'other-app',
      redirect_uri: 'http://localhost:3000/cb',
    });
    expect(callback.origin).toBe('http://localhost:3000');
    expect(callback.searchParams.get('code')).toBeTruthy();
  });

  it('updates a client: a removed redirect URI is refused afterwards', async () => {
    const { server } = createTestServer();
    const response = await server.app.request(`${AUTH}/__control/clients/silent-auth-lab-spa`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ redirectUris: ['http://localhost:5173/other'] }),
    });
    expect(response.status).toBe(200);
    const answer = await server.app.request(authorizeUrl());
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain('redirect_uri');
  });

  it.each([
    [
      'a relative redirect URI',
      { clientId: 'c', redirectUris: ['/cb'] },
      'redirectUris[0]: expected an absolute URL',
    ],
    [
      'a secret on a SPA',
      { clientId: 'c', clientSecret: 's' },
      'clientSecret: expected no clientSecret',
    ],
    ['an unknown type', { clientId: 'c', type: 'tv' }, 'type:'],
    [
      'a grant for an unknown API',
      { clientId: 'c', type: 'm2m', clientSecret: 's', apiGrants: [{ audience: 'https://x/' }] },
      'apiGrants[0].audience: expected a configured API identifier',
    ],
  ])('refuses a client with %s, naming the field', async (_, body, message) => {
    const { server } = createTestServer();
    const response = await post(server, '/__control/clients', body);
    expect(response.status).toBe(400);
    expect((await response.json()).error_description).toContain(message);
  });

  it('reset brings back the configured users and clients', async () => {
    const { server } = createTestServer();
    await post(server, '/__control/users', carol);
    await post(server, '/__control/clients', { clientId: 'other-app' });
    await post(server, '/__control/reset');
    expect((await post(server, '/__control/sessions', { userId: carol.userId })).status).toBe(404);
    const answer = await server.app.request(authorizeUrl({ client_id: 'other-app' }));
    expect(await answer.text()).toContain('invalid_client');
    const login = await signIn(server, new CookieJar(), {}, { ...carol, sub: carol.userId });
    expect(login.searchParams.get('code')).toBeNull();
  });
});
