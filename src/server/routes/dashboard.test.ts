import { describe, expect, it } from 'vitest';
import type { AuthServer } from '../createAuthServer.ts';
import {
  ALICE,
  BOB,
  browse,
  CookieJar,
  createTestServer,
  formPost,
  hiddenField,
  refreshWith,
  signInNative,
} from '../testSupport/testServer.ts';

/** Signs in on /login (the dashboard's sign-in); returns where it sends the browser. */
async function signInAt(
  server: AuthServer,
  jar: CookieJar,
  returnTo: string,
  user: { email: string; password: string } = ALICE,
) {
  const page = await (
    await browse(server, jar, `/login?returnTo=${encodeURIComponent(returnTo)}`)
  ).text();
  const response = await browse(
    server,
    jar,
    '/login',
    formPost({
      returnTo: hiddenField(page, 'returnTo'),
      csrf: hiddenField(page, 'csrf'),
      email: user.email,
      password: user.password,
    }),
  );
  return response;
}

const alicePath = `/dashboard/users/${encodeURIComponent(ALICE.sub)}`;

describe('dashboard (admins only)', () => {
  it('sends a browser without a session to the sign-in page, and back', async () => {
    const { server } = createTestServer();
    const jar = new CookieJar();
    const first = await browse(server, jar, '/dashboard/users');
    expect(first.status).toBe(302);
    expect(first.headers.get('location')).toBe('/login?returnTo=%2Fdashboard%2Fusers');
    const signedIn = await signInAt(server, jar, '/dashboard/users');
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get('location')).toBe('/dashboard/users');
    const users = await browse(server, jar, '/dashboard/users');
    expect(users.status).toBe(200);
    expect(users.headers.get('x-frame-options')).toBe('DENY');
    const html = await users.text();
    expect(html).toContain('<h1>Users</h1>');
    expect(html).toContain(`<a href="${alicePath}">Alice Liddell</a>`);
    expect(html).toContain('Bob Builder');
  });

  it('refuses a signed-in user who is not an admin (403)', async () => {
    const { server } = createTestServer();
    const jar = new CookieJar();
    await signInAt(server, jar, '/dashboard', BOB);
    const response = await browse(server, jar, '/dashboard');
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('Only administrators can open the dashboard');
  });

  it('lists a user’s devices and revokes one: the refresh token fails at once', async () => {
    const { server } = createTestServer();
    const tokens = await signInNative(server);
    const jar = new CookieJar();
    await signInAt(server, jar, '/dashboard');
    const userPage = await (await browse(server, jar, alicePath)).text();
    expect(userPage).toContain(`<a href="${alicePath}/devices">Devices</a>`);
    const devices = await (await browse(server, jar, `${alicePath}/devices`)).text();
    expect(devices).toContain('<h1>Devices</h1>');
    expect(devices).toContain('Silent Auth Lab native app');
    expect(devices).toContain('Test laptop');
    // Revoke opens a confirmation naming the application and the device; only its form acts.
    const confirmPath = /<form method="get" action="([^"]+)">/.exec(devices)?.[1] ?? '';
    expect(confirmPath).toMatch(/\/devices\/dcr_[\w-]+\/revoke$/);
    const confirm = await browse(server, jar, confirmPath);
    expect(confirm.status).toBe(200);
    expect(confirm.headers.get('x-frame-options')).toBe('DENY');
    const confirmation = await confirm.text();
    expect(confirmation).toContain('<h1>Revoke a device credential?</h1>');
    expect(confirmation).toContain(
      '<strong>Silent Auth Lab native app</strong> on <strong>Test laptop</strong>',
    );
    expect(confirmation).toContain(`<a href="${alicePath}/devices">Cancel</a>`);
    expect(server.control.listRefreshTokens()).toHaveLength(1);
    const action = /<form method="post" action="([^"]+)"/.exec(confirmation)?.[1] ?? '';
    expect(action).toBe(confirmPath);
    const revoked = await browse(
      server,
      jar,
      action,
      formPost({ csrf: hiddenField(confirmation, 'csrf') }),
    );
    expect(revoked.status).toBe(303);
    const after = await (await browse(server, jar, revoked.headers.get('location') ?? '')).text();
    expect(after).toContain('Device credential revoked.');
    expect(after).toContain('No devices.');
    expect(await (await refreshWith(server, tokens.refresh_token ?? '')).json()).toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('refuses a revoke without the CSRF token', async () => {
    const { server } = createTestServer();
    await signInNative(server);
    const jar = new CookieJar();
    await signInAt(server, jar, '/dashboard');
    const id = server.control.listRefreshTokens()[0]?.id ?? '';
    const response = await browse(
      server,
      jar,
      `${alicePath}/devices/${id}/revoke`,
      formPost({ csrf: 'forged' }),
    );
    expect(response.status).toBe(403);
    expect(server.control.listRefreshTokens()).toHaveLength(1);
  });

  it('asks for no confirmation of a credential that is not the user’s, and revokes nothing', async () => {
    const { server } = createTestServer();
    await signInNative(server);
    const jar = new CookieJar();
    await signInAt(server, jar, '/dashboard');
    const id = server.control.listRefreshTokens()[0]?.id ?? '';
    const bobPath = `/dashboard/users/${encodeURIComponent(BOB.sub)}`;
    expect((await browse(server, jar, `${bobPath}/devices/${id}/revoke`)).status).toBe(404);
    expect((await browse(server, jar, `${alicePath}/devices/dcr_nope/revoke`)).status).toBe(404);
    expect(server.control.listRefreshTokens()).toHaveLength(1);
  });

  it('shows the confirmation to administrators only', async () => {
    const { server } = createTestServer();
    await signInNative(server);
    const id = server.control.listRefreshTokens()[0]?.id ?? '';
    const path = `${alicePath}/devices/${id}/revoke`;
    const anonymous = await browse(server, new CookieJar(), path);
    expect(anonymous.status).toBe(302);
    const jar = new CookieJar();
    await signInAt(server, jar, '/dashboard', BOB);
    expect((await browse(server, jar, path)).status).toBe(403);
    expect(server.control.listRefreshTokens()).toHaveLength(1);
  });

  it('answers 404 for an unknown user', async () => {
    const { server } = createTestServer();
    const jar = new CookieJar();
    await signInAt(server, jar, '/dashboard');
    expect((await browse(server, jar, '/dashboard/users/nobody')).status).toBe(404);
  });
});

describe('/login (sign-in for the server’s own pages)', () => {
  it('shows "Wrong email or password." for bad credentials', async () => {
    const { server } = createTestServer();
    const response = await signInAt(server, new CookieJar(), '/dashboard', {
      email: ALICE.email,
      password: 'nope',
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Wrong email or password.');
  });

  it('refuses a post without the double-submit cookie (login CSRF)', async () => {
    const { server } = createTestServer();
    const response = await browse(
      server,
      new CookieJar(),
      '/login',
      formPost({ csrf: 'x', email: ALICE.email, password: ALICE.password }),
    );
    expect(response.status).toBe(403);
  });

  it('never returns to another site', async () => {
    const { server } = createTestServer();
    const jar = new CookieJar();
    for (const returnTo of ['https://evil.example/', '//evil.example/', '/\\evil.example']) {
      const page = await (
        await browse(server, jar, `/login?returnTo=${encodeURIComponent(returnTo)}`)
      ).text();
      expect(hiddenField(page, 'returnTo')).toBe('/dashboard');
    }
    const page = await (await browse(server, jar, '/login')).text();
    const forged = await browse(
      server,
      jar,
      '/login',
      formPost({
        returnTo: '//evil.example/',
        csrf: hiddenField(page, 'csrf'),
        email: ALICE.email,
        password: ALICE.password,
      }),
    );
    expect(forged.status).toBe(400);
    expect(forged.headers.get('location')).toBeNull();
  });
});
