import { describe, expect, it } from 'vitest';
import {
  NATIVE_CLIENT_ID,
  REGULAR_WEB_CLIENT_ID,
  REGULAR_WEB_TEST_SECRET,
  SPA_CLIENT_ID,
} from '../../protocol/defaults.ts';
import {
  AUTH,
  CookieJar,
  createTestServer,
  postForm,
  refreshWith,
  signInForTokens,
  signInNative,
} from '../testSupport/testServer.ts';

describe('POST /oauth/revoke (RFC 7009)', () => {
  it('revokes a refresh token: 200 with an empty body, and the token fails at once', async () => {
    const { server } = createTestServer();
    const tokens = await signInNative(server);
    const response = await postForm(server, '/oauth/revoke', {
      client_id: NATIVE_CLIENT_ID,
      token: tokens.refresh_token,
      token_type_hint: 'refresh_token',
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    expect(await (await refreshWith(server, tokens.refresh_token ?? '')).json()).toMatchObject({
      error: 'invalid_grant',
    });
    expect(server.control.listRefreshTokens()).toEqual([]);
  });

  it('answers 200 for an unknown token, whatever the hint (§2.2)', async () => {
    const { server } = createTestServer();
    for (const hint of ['refresh_token', 'access_token', 'something_else', undefined]) {
      const response = await postForm(server, '/oauth/revoke', {
        client_id: NATIVE_CLIENT_ID,
        token: 'never-issued',
        token_type_hint: hint,
      });
      expect(response.status).toBe(200);
    }
  });

  it("refuses to revoke another client's token", async () => {
    const { server } = createTestServer();
    const tokens = await signInNative(server);
    const response = await postForm(server, '/oauth/revoke', {
      client_id: REGULAR_WEB_CLIENT_ID,
      client_secret: REGULAR_WEB_TEST_SECRET,
      token: tokens.refresh_token,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'unauthorized_client' });
    expect((await refreshWith(server, tokens.refresh_token ?? '')).status).toBe(200);
  });

  it('revokes an access token: /userinfo then refuses it', async () => {
    const { server } = createTestServer();
    const tokens = await signInForTokens(server, new CookieJar());
    const response = await postForm(server, '/oauth/revoke', {
      client_id: SPA_CLIENT_ID,
      token: tokens.access_token,
    });
    expect(response.status).toBe(200);
    const userinfo = await server.app.request(`${AUTH}/userinfo`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(userinfo.status).toBe(401);
  });

  it('authenticates a confidential client', async () => {
    const { server } = createTestServer();
    const response = await postForm(server, '/oauth/revoke', {
      client_id: REGULAR_WEB_CLIENT_ID,
      token: 'x',
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('requires the token parameter, and POST', async () => {
    const { server } = createTestServer();
    const missing = await postForm(server, '/oauth/revoke', { client_id: NATIVE_CLIENT_ID });
    expect(await missing.json()).toMatchObject({ error: 'invalid_request' });
    expect((await server.app.request(`${AUTH}/oauth/revoke`)).status).toBe(405);
  });
});
