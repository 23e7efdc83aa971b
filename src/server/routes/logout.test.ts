import { describe, expect, it } from 'vitest';
import { SPA_CLIENT_ID, THIRD_PARTY_SPA_CLIENT_ID } from '../../protocol/defaults.ts';
import {
  authorizeUrl,
  browse,
  CookieJar,
  createTestServer,
  SPA_ORIGIN,
  signIn,
  signInForTokens,
} from '../testSupport/testServer.ts';

const silentError = async (
  server: ReturnType<typeof createTestServer>['server'],
  jar: CookieJar,
) => {
  const response = await browse(server, jar, authorizeUrl({ prompt: 'none' }));
  return new URL(response.headers.get('location') ?? '').searchParams.get('error');
};

describe('GET /v2/logout (Auth0)', () => {
  it('ends the session and returns to a registered returnTo', async () => {
    const { server } = createTestServer();
    const jar = new CookieJar();
    await signIn(server, jar);
    expect(await silentError(server, jar)).toBeNull();
    const returnTo = `${SPA_ORIGIN}/`;
    const response = await browse(
      server,
      jar,
      `/v2/logout?client_id=${SPA_CLIENT_ID}&returnTo=${encodeURIComponent(returnTo)}`,
    );
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(returnTo);
    expect(jar.get('sal_session')).toBeUndefined();
    expect(response.headers.get('set-login')).toBe('logged-out');
    expect(await silentError(server, jar)).toBe('login_required');
  });

  it('ends the session server-side even if the browser kept the cookie', async () => {
    const { server } = createTestServer();
    const jar = new CookieJar();
    await signIn(server, jar);
    const cookie = jar.header();
    await browse(server, jar, '/v2/logout');
    const replayed = await server.app.request(authorizeUrl({ prompt: 'none' }), {
      headers: { cookie },
    });
    expect(new URL(replayed.headers.get('location') ?? '').searchParams.get('error')).toBe(
      'login_required',
    );
  });

  it.each([
    ['an unregistered returnTo', `client_id=${SPA_CLIENT_ID}&returnTo=https://evil.example/`],
    ['a returnTo without client_id', `returnTo=${encodeURIComponent(`${SPA_ORIGIN}/`)}`],
    ['an unknown client', `client_id=nobody&returnTo=${encodeURIComponent(`${SPA_ORIGIN}/`)}`],
  ])('never redirects to %s: shows a logged-out page', async (_, query) => {
    const { server } = createTestServer();
    const response = await browse(server, new CookieJar(), `/v2/logout?${query}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('You are logged out');
  });
});

describe('GET /oidc/logout (RP-Initiated Logout)', () => {
  it('returns to a registered post_logout_redirect_uri of the id_token_hint client, with state', async () => {
    const { server } = createTestServer();
    const jar = new CookieJar();
    const tokens = await signInForTokens(server, jar);
    const query = new URLSearchParams({
      id_token_hint: tokens.id_token ?? '',
      post_logout_redirect_uri: `${SPA_ORIGIN}/`,
      state: 'bye',
    });
    const response = await browse(server, jar, `/oidc/logout?${query}`);
    expect(response.headers.get('location')).toBe(`${SPA_ORIGIN}/?state=bye`);
    expect(await silentError(server, jar)).toBe('login_required');
  });

  it('refuses to redirect when client_id and id_token_hint disagree', async () => {
    const { server } = createTestServer();
    const tokens = await signInForTokens(server);
    const query = new URLSearchParams({
      id_token_hint: tokens.id_token ?? '',
      client_id: THIRD_PARTY_SPA_CLIENT_ID,
      post_logout_redirect_uri: `${SPA_ORIGIN}/`,
    });
    const response = await browse(server, new CookieJar(), `/oidc/logout?${query}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('location')).toBeNull();
  });

  it('refuses to redirect on a forged id_token_hint', async () => {
    const { server } = createTestServer();
    const query = new URLSearchParams({
      id_token_hint: 'eyJhbGciOiJub25lIn0.eyJhdWQiOiJzaWxlbnQtYXV0aC1sYWItc3BhIn0.',
      post_logout_redirect_uri: `${SPA_ORIGIN}/`,
    });
    const response = await browse(server, new CookieJar(), `/oidc/logout?${query}`);
    expect(response.headers.get('location')).toBeNull();
  });

  it('shows the logged-out page without a redirect URI, not framable', async () => {
    const { server } = createTestServer();
    const response = await browse(server, new CookieJar(), '/oidc/logout');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
  });
});
