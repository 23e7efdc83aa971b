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
  refreshWith,
  signIn,
  signInNative,
} from '../testSupport.ts';

const post = (server: AuthServer, path: string, body?: unknown, headers = {}) =>
  server.app.request(`${AUTH}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });

const silentError = async (server: AuthServer, jar: CookieJar) => {
  const response = await browse(server, jar, authorizeUrl({ prompt: 'none' }));
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

  it('does not exist when control is off', async () => {
    const { server } = createTestServer((config) => ({ ...config, control: false }));
    const response = await post(server, '/__control/reset');
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: 'not_found' });
  });
});
