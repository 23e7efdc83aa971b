import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  NATIVE_CLIENT_ID,
  REGULAR_WEB_CLIENT_ID,
  REGULAR_WEB_REDIRECT_URI,
  REGULAR_WEB_TEST_SECRET,
  SPA_CLIENT_ID,
} from '../../protocol/defaults.ts';
import type { AuthServerConfigInput } from '../config.ts';
import {
  ALICE,
  API_AUDIENCE,
  authorizeUrl,
  CookieJar,
  createTestServer,
  exchangeCode,
  ISSUER,
  NATIVE_CALLBACK,
  postForm,
  refreshWith,
  SPA_ORIGIN,
  signIn,
  signInForTokens,
  signInNative,
} from '../testSupport/testServer.ts';

const withNativeSettings =
  (refreshTokens: { rotation?: boolean; idleSeconds?: number; absoluteSeconds?: number }) =>
  (config: AuthServerConfigInput): AuthServerConfigInput => ({
    ...config,
    clients: (config.clients ?? []).map((client) =>
      client.clientId === NATIVE_CLIENT_ID ? { ...client, refreshTokens } : client,
    ),
  });

describe('issuing refresh tokens (the policy, end to end)', () => {
  it('gives the native app one for offline_access on a loopback redirect, bound to its device', async () => {
    const { server } = createTestServer();
    const tokens = await signInNative(server);
    expect(tokens.refresh_token).toEqual(expect.any(String));
    expect(tokens.scope).toBe('openid profile email offline_access read:profile');
    expect(server.control.listRefreshTokens()).toEqual([
      expect.objectContaining({
        clientId: NATIVE_CLIENT_ID,
        userId: ALICE.sub,
        device: 'Test laptop',
        scope: 'openid profile email offline_access read:profile',
        audience: API_AUDIENCE,
        rotating: false,
        expiresAt: null,
      }),
    ]);
  });

  it('names the device "Unnamed device" when the sign-in gave none', async () => {
    const { server } = createTestServer();
    await signInNative(server, { device: undefined });
    expect(server.control.listRefreshTokens()[0]?.device).toBe('Unnamed device');
  });

  it('never gives one to the SPA: offline_access is dropped silently, no error', async () => {
    const { server } = createTestServer();
    const tokens = await signInForTokens(server, new CookieJar(), {
      scope: 'openid profile offline_access read:profile',
    });
    expect(tokens).not.toHaveProperty('refresh_token');
    expect(tokens.scope).toBe('openid profile read:profile');
    expect(server.control.listRefreshTokens()).toEqual([]);
  });

  it('gives none when the API does not allow offline access', async () => {
    const { server } = createTestServer((config) => ({
      ...config,
      apis: (config.apis ?? []).map((api) => ({ ...api, allowOfflineAccess: false })),
    }));
    const tokens = await signInNative(server);
    expect(tokens).not.toHaveProperty('refresh_token');
    expect(tokens.scope).toBe('openid profile email read:profile');
  });

  it('gives none without offline_access in the scope', async () => {
    const { server } = createTestServer();
    const tokens = await signInNative(server, { scope: 'openid read:profile' });
    expect(tokens).not.toHaveProperty('refresh_token');
  });

  it('revokes the refresh token when its code is replayed', async () => {
    const { server } = createTestServer();
    const callback = await signIn(server, new CookieJar(), {
      client_id: NATIVE_CLIENT_ID,
      redirect_uri: NATIVE_CALLBACK,
      scope: 'openid offline_access',
    });
    const code = callback.searchParams.get('code') ?? '';
    const exchange = () =>
      exchangeCode(server, code, { client_id: NATIVE_CLIENT_ID, redirect_uri: NATIVE_CALLBACK });
    const { refresh_token: refreshToken } = await (await exchange()).json();
    expect((await exchange()).status).toBe(400);
    const response = await refreshWith(server, refreshToken);
    expect(await response.json()).toMatchObject({ error: 'invalid_grant' });
  });
});

describe('POST /oauth/token grant_type=refresh_token', () => {
  it('returns a new access token, its type, lifetime and scope, and a new ID token (openid)', async () => {
    const { server, clock } = createTestServer();
    const tokens = await signInNative(server);
    const signedInAt = Math.floor(clock.now() / 1000);
    clock.advance(3_600_000);
    const response = await refreshWith(server, tokens.refresh_token ?? '');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = await response.json();
    expect(body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 86_400,
      scope: 'openid profile email offline_access read:profile',
    });
    // No rotation by default: the refresh token goes on working, none is returned.
    expect(body).not.toHaveProperty('refresh_token');
    expect(body.access_token).not.toBe(tokens.access_token);
    const jwks = createLocalJWKSet(server.jwks());
    const currentDate = new Date(clock.now());
    const access = await jwtVerify(body.access_token, jwks, {
      issuer: ISSUER,
      audience: API_AUDIENCE,
      currentDate,
    });
    expect(access.payload).toMatchObject({ sub: ALICE.sub, client_id: NATIVE_CLIENT_ID });
    expect(access.payload.iat).toBe(signedInAt + 3600);
    const id = await jwtVerify(body.id_token, jwks, {
      issuer: ISSUER,
      audience: NATIVE_CLIENT_ID,
      currentDate,
    });
    expect(id.payload).toMatchObject({ sub: ALICE.sub, auth_time: signedInAt, email: ALICE.email });
    expect(id.payload).not.toHaveProperty('nonce');
    // A second use works as well: it never expires unless revoked.
    clock.advance(365 * 86_400_000);
    expect((await refreshWith(server, tokens.refresh_token ?? '')).status).toBe(200);
  });

  it('returns no ID token when the original scope had no openid', async () => {
    const { server } = createTestServer();
    const tokens = await signInNative(server, { scope: 'offline_access read:profile' });
    const body = await (await refreshWith(server, tokens.refresh_token ?? '')).json();
    expect(body.access_token).toBeTruthy();
    expect(body).not.toHaveProperty('id_token');
    expect(body.scope).toBe('offline_access read:profile');
  });

  it('accepts a narrower scope and refuses a wider one (RFC 6749 §6)', async () => {
    const { server } = createTestServer();
    const tokens = await signInNative(server);
    const narrower = await (
      await refreshWith(server, tokens.refresh_token ?? '', { scope: 'read:profile' })
    ).json();
    expect(narrower.scope).toBe('read:profile');
    expect(narrower).not.toHaveProperty('id_token');
    const wider = await refreshWith(server, tokens.refresh_token ?? '', {
      scope: 'openid read:orders',
    });
    expect(await wider.json()).toMatchObject({ error: 'invalid_scope' });
  });

  it('refuses the SPA client with a clear error', async () => {
    const { server } = createTestServer();
    const tokens = await signInNative(server);
    const response = await refreshWith(server, tokens.refresh_token ?? '', {
      client_id: SPA_CLIENT_ID,
    });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error).toBe('unauthorized_client');
    expect(body.error_description).toContain('silent authentication');
  });

  it('refuses any request from a browser (Origin header), even with a native client id', async () => {
    const { server } = createTestServer();
    const tokens = await signInNative(server);
    const response = await refreshWith(
      server,
      tokens.refresh_token ?? '',
      {},
      { headers: { origin: SPA_ORIGIN } },
    );
    const body = await response.json();
    expect(body.error).toBe('unauthorized_client');
    expect(body.error_description).toContain('browser');
    // Refused before use: the token still works from the app itself.
    expect((await refreshWith(server, tokens.refresh_token ?? '')).status).toBe(200);
  });

  it('refuses an unknown token, and a token of another client', async () => {
    const { server } = createTestServer();
    expect(await (await refreshWith(server, 'nope')).json()).toMatchObject({
      error: 'invalid_grant',
    });
    const tokens = await signInNative(server);
    const response = await refreshWith(server, tokens.refresh_token ?? '', {
      client_id: REGULAR_WEB_CLIENT_ID,
      client_secret: REGULAR_WEB_TEST_SECRET,
    });
    expect(await response.json()).toMatchObject({
      error: 'invalid_grant',
      error_description: 'The refresh token was issued to another client',
    });
  });

  it('fails at once with invalid_grant after revocation', async () => {
    const { server } = createTestServer();
    const tokens = await signInNative(server);
    expect(server.control.revokeRefreshTokens({ userId: ALICE.sub })).toBe(1);
    const response = await refreshWith(server, tokens.refresh_token ?? '');
    expect(await response.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('requires the secret of a confidential client, and only of it', async () => {
    const { server } = createTestServer();
    const callback = await signIn(server, new CookieJar(), {
      client_id: REGULAR_WEB_CLIENT_ID,
      redirect_uri: REGULAR_WEB_REDIRECT_URI,
      scope: 'openid offline_access',
      code_challenge: undefined,
      code_challenge_method: undefined,
    });
    const exchange = await exchangeCode(server, callback.searchParams.get('code') ?? '', {
      client_id: REGULAR_WEB_CLIENT_ID,
      client_secret: REGULAR_WEB_TEST_SECRET,
      redirect_uri: REGULAR_WEB_REDIRECT_URI,
      code_verifier: undefined,
    });
    const { refresh_token: refreshToken } = await exchange.json();
    expect(refreshToken).toEqual(expect.any(String));
    const withoutSecret = await refreshWith(server, refreshToken, {
      client_id: REGULAR_WEB_CLIENT_ID,
    });
    expect(withoutSecret.status).toBe(401);
    expect(await withoutSecret.json()).toMatchObject({ error: 'invalid_client' });
    const withSecret = await refreshWith(server, refreshToken, {
      client_id: REGULAR_WEB_CLIENT_ID,
      client_secret: REGULAR_WEB_TEST_SECRET,
    });
    expect(withSecret.status).toBe(200);
  });

  it('refuses a refresh token at another issuer than the one that issued it', async () => {
    const { server } = createTestServer();
    const tokens = await signInNative(server);
    const response = await postForm(
      server,
      '/oauth/token',
      {
        grant_type: 'refresh_token',
        client_id: NATIVE_CLIENT_ID,
        refresh_token: tokens.refresh_token ?? '',
      },
      { authority: 'http://127.0.0.1:4400' },
    );
    expect(await response.json()).toMatchObject({ error: 'invalid_grant' });
  });
});

describe('refresh token rotation and lifetimes (per client)', () => {
  it('rotates on each use; a reused token revokes the whole family', async () => {
    const { server } = createTestServer(withNativeSettings({ rotation: true }));
    const first = (await signInNative(server)).refresh_token ?? '';
    const second = (await (await refreshWith(server, first)).json()).refresh_token;
    expect(second).toEqual(expect.any(String));
    expect(second).not.toBe(first);
    const third = (await (await refreshWith(server, second)).json()).refresh_token;
    expect(server.control.listRefreshTokens()).toHaveLength(1);
    // The first token again: a thief or a confused client. Everything of this grant goes.
    const reuse = await refreshWith(server, first);
    expect(await reuse.json()).toMatchObject({
      error: 'invalid_grant',
      error_description: expect.stringContaining('already used'),
    });
    expect(await (await refreshWith(server, third)).json()).toMatchObject({
      error: 'invalid_grant',
    });
    expect(server.control.listRefreshTokens()).toEqual([]);
  });

  it('lists a rotating family once, as a rotating device credential', async () => {
    const { server } = createTestServer(withNativeSettings({ rotation: true }));
    await signInNative(server);
    expect(server.control.listRefreshTokens()[0]?.rotating).toBe(true);
  });

  it('expires after the idle lifetime without use, and each use starts it again', async () => {
    const { server, clock } = createTestServer(withNativeSettings({ idleSeconds: 60 }));
    const token = (await signInNative(server)).refresh_token ?? '';
    clock.advance(50_000);
    expect((await refreshWith(server, token)).status).toBe(200);
    clock.advance(50_000);
    expect((await refreshWith(server, token)).status).toBe(200);
    clock.advance(61_000);
    // "expired", or "unknown, expired or revoked" once the periodic purge dropped it.
    expect(await (await refreshWith(server, token)).json()).toMatchObject({
      error: 'invalid_grant',
      error_description: expect.stringContaining('expired'),
    });
  });

  it('expires after the absolute lifetime however it is used', async () => {
    const { server, clock } = createTestServer(withNativeSettings({ absoluteSeconds: 100 }));
    const token = (await signInNative(server)).refresh_token ?? '';
    clock.advance(60_000);
    expect((await refreshWith(server, token)).status).toBe(200);
    clock.advance(41_000);
    expect(await (await refreshWith(server, token)).json()).toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('reports the expiry in the control API listing', async () => {
    const { server, clock } = createTestServer(withNativeSettings({ absoluteSeconds: 100 }));
    await signInNative(server);
    expect(server.control.listRefreshTokens()[0]?.expiresAt).toBe(
      new Date(clock.now() + 100_000).toISOString(),
    );
  });
});

describe('access tokens from a refresh exchange', () => {
  it('carry the same audience and scope as the original', async () => {
    const { server } = createTestServer();
    const tokens = await signInNative(server);
    const body = await (await refreshWith(server, tokens.refresh_token ?? '')).json();
    expect(decodeJwt(body.access_token)).toMatchObject({
      aud: decodeJwt(tokens.access_token).aud,
      scope: decodeJwt(tokens.access_token).scope,
    });
  });
});

describe('the seeded native client', () => {
  it('gets its code at its custom scheme redirect too', async () => {
    const { server } = createTestServer();
    const callback = await signIn(server, new CookieJar(), {
      client_id: NATIVE_CLIENT_ID,
      redirect_uri: 'com.silentauthlab.native:/callback',
    });
    expect(callback.protocol).toBe('com.silentauthlab.native:');
    expect(callback.searchParams.get('code')).toBeTruthy();
  });

  it('must use PKCE (a public client)', async () => {
    const { server } = createTestServer();
    const response = await server.app.request(
      authorizeUrl({
        client_id: NATIVE_CLIENT_ID,
        redirect_uri: NATIVE_CALLBACK,
        code_challenge: undefined,
        code_challenge_method: undefined,
      }),
    );
    expect(new URL(response.headers.get('location') ?? '').searchParams.get('error')).toBe(
      'invalid_request',
    );
  });
});
