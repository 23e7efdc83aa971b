import { describe, expect, it } from 'vitest';
import {
  M2M_CLIENT_ID,
  M2M_TEST_SECRET,
  NATIVE_CLIENT_ID,
  REGULAR_WEB_CLIENT_ID,
  REGULAR_WEB_TEST_SECRET,
} from '../../protocol/defaults.ts';
import type { AuthServer } from '../createAuthServer.ts';
import {
  ALICE,
  API_AUDIENCE,
  AUTH,
  BOB,
  CookieJar,
  createTestServer,
  managementToken,
  postForm,
  refreshWith,
  signInForTokens,
  signInNative,
} from '../testSupport/testServer.ts';

const api = (server: AuthServer, path: string, token?: string, method = 'GET') =>
  server.app.request(`${AUTH}/api/v2/${path}`, {
    method,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });

async function passwordSignIn(server: AuthServer, user: { email: string; password: string }) {
  await postForm(server, '/oauth/token', {
    grant_type: 'password',
    client_id: REGULAR_WEB_CLIENT_ID,
    client_secret: REGULAR_WEB_TEST_SECRET,
    username: user.email,
    password: user.password,
    scope: 'openid offline_access',
  });
}

describe('management API: device credentials', () => {
  it('lists device credentials by user and by client (Auth0 shape)', async () => {
    const { server } = createTestServer();
    await signInNative(server);
    await passwordSignIn(server, ALICE);
    await passwordSignIn(server, BOB);
    const token = await managementToken(server);
    const alice = await api(
      server,
      `device-credentials?user_id=${encodeURIComponent(ALICE.sub)}`,
      token,
    );
    expect(alice.status).toBe(200);
    const credentials = await alice.json();
    expect(credentials).toHaveLength(2);
    expect(credentials[0]).toEqual({
      id: expect.stringMatching(/^dcr_/),
      device_name: 'Test laptop',
      device_id: 'Test laptop',
      type: 'refresh_token',
      user_id: ALICE.sub,
      client_id: NATIVE_CLIENT_ID,
    });
    const byClient = await (
      await api(server, `device-credentials?client_id=${REGULAR_WEB_CLIENT_ID}`, token)
    ).json();
    expect(byClient.map((c: { user_id: string }) => c.user_id).sort()).toEqual(
      [ALICE.sub, BOB.sub].sort(),
    );
    const both = await (
      await api(
        server,
        `device-credentials?user_id=${encodeURIComponent(BOB.sub)}&client_id=${NATIVE_CLIENT_ID}`,
        token,
      )
    ).json();
    expect(both).toEqual([]);
  });

  it('revokes one with DELETE: 204, and the refresh token fails at once', async () => {
    const { server } = createTestServer();
    const tokens = await signInNative(server);
    const token = await managementToken(server);
    const [credential] = await (await api(server, 'device-credentials', token)).json();
    const response = await api(server, `device-credentials/${credential.id}`, token, 'DELETE');
    expect(response.status).toBe(204);
    expect(await (await refreshWith(server, tokens.refresh_token ?? '')).json()).toMatchObject({
      error: 'invalid_grant',
    });
    const again = await api(server, `device-credentials/${credential.id}`, token, 'DELETE');
    expect(again.status).toBe(404);
    expect(await again.json()).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it('refuses a request without a token (401, Bearer challenge)', async () => {
    const { server } = createTestServer();
    const response = await api(server, 'device-credentials');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await response.json()).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
  });

  it("refuses a user's access token and one for another API (audience)", async () => {
    const { server } = createTestServer();
    const userToken = (await signInForTokens(server, new CookieJar())).access_token;
    expect((await api(server, 'device-credentials', userToken)).status).toBe(401);
    const demoApi = await postForm(server, '/oauth/token', {
      grant_type: 'client_credentials',
      client_id: M2M_CLIENT_ID,
      client_secret: M2M_TEST_SECRET,
      audience: API_AUDIENCE,
    });
    const demoToken = (await demoApi.json()).access_token;
    expect((await api(server, 'device-credentials', demoToken)).status).toBe(401);
  });

  it('needs delete:device_credentials to delete (403 insufficient_scope)', async () => {
    const { server } = createTestServer();
    await signInNative(server);
    const readOnly = await managementToken(server, 'read:device_credentials');
    const [credential] = await (await api(server, 'device-credentials', readOnly)).json();
    const response = await api(server, `device-credentials/${credential.id}`, readOnly, 'DELETE');
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({
      statusCode: 403,
      errorCode: 'insufficient_scope',
      message: 'Insufficient scope, expected any of: delete:device_credentials',
    });
  });

  it('refuses an expired management token', async () => {
    const { server, clock } = createTestServer();
    const token = await managementToken(server);
    clock.advance(86_401_000);
    expect((await api(server, 'device-credentials', token)).status).toBe(401);
  });

  it('refuses an unknown type filter', async () => {
    const { server } = createTestServer();
    const token = await managementToken(server);
    const response = await api(server, 'device-credentials?type=public_key', token);
    expect(response.status).toBe(400);
  });
});

describe('management API: CORS', () => {
  const preflight = (server: AuthServer, origin: string) =>
    server.app.request(`${AUTH}/api/v2/device-credentials/x`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'DELETE',
        'access-control-request-headers': 'authorization',
      },
    });

  it('answers a registered web origin (bearer tokens only, never cookies)', async () => {
    const { server } = createTestServer();
    const response = await preflight(server, 'http://localhost:5173');
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(response.headers.get('access-control-allow-methods')).toContain('DELETE');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('gives an unregistered origin no CORS grant', async () => {
    const { server } = createTestServer();
    const response = await preflight(server, 'https://evil.example');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('management API: from either issuer host', () => {
  const CROSS_SITE_AUTH = 'http://127.0.0.1:4400';

  it('issues a token for the 127.0.0.1 issuer’s api/v2/ and serves it at that host', async () => {
    const { server } = createTestServer();
    const response = await postForm(
      server,
      '/oauth/token',
      {
        grant_type: 'client_credentials',
        client_id: M2M_CLIENT_ID,
        client_secret: M2M_TEST_SECRET,
        audience: `${CROSS_SITE_AUTH}/api/v2/`,
      },
      { authority: CROSS_SITE_AUTH },
    );
    expect(response.status).toBe(200);
    const { access_token: token } = await response.json();
    const listed = await server.app.request(
      `${CROSS_SITE_AUTH}/api/v2/device-credentials?client_id=${NATIVE_CLIENT_ID}`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    expect(listed.status).toBe(200);
  });

  it('still refuses an api/v2/ of a host that is not one of its issuers', async () => {
    const { server } = createTestServer();
    const response = await postForm(server, '/oauth/token', {
      grant_type: 'client_credentials',
      client_id: M2M_CLIENT_ID,
      client_secret: M2M_TEST_SECRET,
      audience: 'http://evil.example/api/v2/',
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({
      error: 'access_denied',
      error_description: 'Service not found: http://evil.example/api/v2/',
    });
  });
});
