import { describe, expect, it } from 'vitest';
import type { AuthServer } from '../createAuthServer.ts';
import {
  AUTH,
  CookieJar,
  createTestServer,
  SPA_ORIGIN,
  signInForTokens,
} from '../testSupport/testServer.ts';

const userinfo = (server: AuthServer, headers: Record<string, string> = {}, base = AUTH) =>
  server.app.request(`${base}/userinfo`, { headers });

describe('GET /userinfo', () => {
  it('returns the claims the token scope releases', async () => {
    const { server } = createTestServer();
    const tokens = await signInForTokens(server, new CookieJar(), { scope: 'openid email' });
    const response = await userinfo(server, { authorization: `Bearer ${tokens.access_token}` });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      sub: 'auth0|alice',
      email: 'alice@example.com',
      email_verified: true,
    });
  });

  it('asks for a token without an error code when none was sent (RFC 6750 §3.1)', async () => {
    const { server } = createTestServer();
    const response = await userinfo(server);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="userinfo"');
  });

  it('refuses a token that is not ours', async () => {
    const { server } = createTestServer();
    const response = await userinfo(server, { authorization: 'Bearer abc.def.ghi' });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer .*error="invalid_token"/);
    expect(await response.json()).toMatchObject({ error: 'invalid_token' });
  });

  it('refuses an expired token', async () => {
    const { server, clock } = createTestServer();
    const tokens = await signInForTokens(server);
    clock.advance(tokens.expires_in * 1000);
    const response = await userinfo(server, { authorization: `Bearer ${tokens.access_token}` });
    expect(response.status).toBe(401);
  });

  it('refuses a token whose audience is another issuer’s /userinfo', async () => {
    const { server } = createTestServer();
    const tokens = await signInForTokens(server);
    const response = await userinfo(
      server,
      { authorization: `Bearer ${tokens.access_token}` },
      'http://127.0.0.1:4400',
    );
    expect(response.status).toBe(401);
  });

  it('refuses a token for the API alone (no openid): it is not a /userinfo token', async () => {
    const { server } = createTestServer();
    const tokens = await signInForTokens(server, new CookieJar(), { scope: 'read:profile' });
    const response = await userinfo(server, { authorization: `Bearer ${tokens.access_token}` });
    expect(response.status).toBe(401);
  });

  it('answers CORS for registered web origins only', async () => {
    const { server } = createTestServer();
    const ok = await userinfo(server, { origin: SPA_ORIGIN });
    expect(ok.headers.get('access-control-allow-origin')).toBe(SPA_ORIGIN);
    expect(ok.headers.get('access-control-expose-headers')).toContain('WWW-Authenticate');
    const evil = await userinfo(server, { origin: 'https://evil.example' });
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });
});
