import { describe, expect, it } from 'vitest';
import {
  ALICE,
  AUTH,
  authorizeUrl,
  browse,
  CookieJar,
  createTestServer,
  formPost,
  hiddenField,
  submitLogin,
} from '../testSupport/testServer.ts';

async function startLogin() {
  const { server, clock } = createTestServer();
  const jar = new CookieJar();
  const start = await browse(server, jar, authorizeUrl());
  const loginLocation = start.headers.get('location') ?? '';
  return { server, clock, jar, loginLocation };
}

describe('GET /u/login', () => {
  it('shows a form with Email, Password and Sign in, never framable', async () => {
    const { server, jar, loginLocation } = await startLogin();
    const response = await browse(server, jar, loginLocation);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('cache-control')).toBe('no-store');
    const html = await response.text();
    expect(html).toContain('<label for="email">Email</label>');
    expect(html).toContain('<label for="password">Password</label>');
    expect(html).toContain('<button type="submit">Sign in</button>');
    expect(html).toContain('Silent Auth Lab');
  });

  it('refuses to show the page to a browser without the transaction cookie', async () => {
    const { server, loginLocation } = await startLogin();
    const response = await browse(server, new CookieJar(), loginLocation);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('start again');
  });

  it('refuses an expired transaction', async () => {
    const { server, clock, jar, loginLocation } = await startLogin();
    clock.advance(601_000);
    expect((await browse(server, jar, loginLocation)).status).toBe(400);
  });
});

describe('POST /u/login', () => {
  it.each([
    ['a wrong password', { email: ALICE.email, password: 'nope' }],
    ['an unknown email', { email: 'mallory@example.com', password: 'wonderland' }],
  ])('answers %s with the same message (no user enumeration)', async (_, credentials) => {
    const { server, jar, loginLocation } = await startLogin();
    const response = await submitLogin(server, jar, loginLocation, credentials);
    expect(response.status).toBe(400);
    expect(response.headers.getSetCookie().some((c) => c.startsWith('sal_session='))).toBe(false);
    const html = await response.text();
    expect(html).toContain('Wrong email or password.');
    expect(html).toContain(`value="${credentials.email}"`);
  });

  it('signs in: a fresh SameSite=Lax session cookie and its SameSite=None; Secure twin on loopback (for storage access and FedCM), the browser told logged-in, then back to /authorize', async () => {
    const { server, jar, loginLocation } = await startLogin();
    const response = await submitLogin(server, jar, loginLocation, ALICE);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toMatch(/^\/authorize\/resume\?state=/);
    const cookies = response.headers.getSetCookie();
    const session = cookies.find((c) => c.startsWith('sal_session='));
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Lax/);
    expect(session).toMatch(/Path=\//);
    const crossSite = cookies.find((c) => c.startsWith('sal_session_xs='));
    expect(crossSite).toMatch(/HttpOnly/);
    expect(crossSite).toMatch(/SameSite=None/);
    expect(crossSite).toMatch(/Secure/);
    expect(response.headers.get('set-login')).toBe('logged-in');
  });

  it('sets no SameSite=None twin over plain http off loopback (a Secure cookie would be dropped)', async () => {
    const { server } = createTestServer((config) => ({
      ...config,
      issuers: ['http://auth.test:4400/'],
    }));
    const jar = new CookieJar();
    const base = 'http://auth.test:4400';
    const start = await browse(server, jar, authorizeUrl().replace(AUTH, base));
    const page = await (
      await browse(server, jar, `${base}${start.headers.get('location')}`)
    ).text();
    const response = await browse(
      server,
      jar,
      `${base}/u/login`,
      formPost({ state: hiddenField(page, 'state'), csrf: hiddenField(page, 'csrf'), ...ALICE }),
    );
    const session = response.headers.getSetCookie().find((c) => c.startsWith('sal_session='));
    expect(session).toMatch(/SameSite=Lax/);
    expect(session).not.toMatch(/Secure/);
    expect(response.headers.getSetCookie().some((c) => c.startsWith('sal_session_xs='))).toBe(
      false,
    );
  });

  it('sets a Secure session cookie over https', async () => {
    const { server } = createTestServer((config) => ({
      ...config,
      issuers: ['https://auth.example/'],
    }));
    const jar = new CookieJar();
    const start = await browse(server, jar, authorizeUrl().replace(AUTH, 'https://auth.example'));
    const loginLocation = `https://auth.example${start.headers.get('location')}`;
    const page = await (await browse(server, jar, loginLocation)).text();
    const response = await browse(
      server,
      jar,
      'https://auth.example/u/login',
      formPost({
        state: hiddenField(page, 'state'),
        csrf: hiddenField(page, 'csrf'),
        ...ALICE,
      }),
    );
    const session = response.headers.getSetCookie().find((c) => c.startsWith('sal_session='));
    expect(session).toMatch(/Secure/);
  });

  it('refuses a post without the CSRF token (login CSRF)', async () => {
    const { server, jar, loginLocation } = await startLogin();
    const page = await (await browse(server, jar, loginLocation)).text();
    const response = await browse(
      server,
      jar,
      '/u/login',
      formPost({ state: hiddenField(page, 'state'), ...ALICE }),
    );
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('CSRF');
    expect(response.headers.getSetCookie().some((c) => c.startsWith('sal_session='))).toBe(false);
  });

  it("refuses a post with the right token from a browser without the transaction's cookie", async () => {
    const { server, jar, loginLocation } = await startLogin();
    const page = await (await browse(server, jar, loginLocation)).text();
    const attacker = new CookieJar();
    const response = await browse(
      server,
      attacker,
      '/u/login',
      formPost({ state: hiddenField(page, 'state'), csrf: hiddenField(page, 'csrf'), ...ALICE }),
    );
    expect(response.status).toBe(403);
  });

  it('refuses a post for an unknown transaction', async () => {
    const { server } = createTestServer();
    const response = await browse(
      server,
      new CookieJar(),
      '/u/login',
      formPost({ state: 'nope', csrf: 'nope', ...ALICE }),
    );
    expect(response.status).toBe(400);
  });

  it('replaces an existing session instead of reusing its cookie (fixation)', async () => {
    const { server, jar, loginLocation } = await startLogin();
    await submitLogin(server, jar, loginLocation, ALICE);
    const first = jar.get('sal_session');
    const again = await browse(server, jar, authorizeUrl({ prompt: 'login' }));
    await submitLogin(server, jar, again.headers.get('location') ?? '', ALICE);
    expect(jar.get('sal_session')).toBeTruthy();
    expect(jar.get('sal_session')).not.toBe(first);
  });

  it('finishes the transaction: resume redirects with a code and drops the transaction cookie', async () => {
    const { server, jar, loginLocation } = await startLogin();
    const posted = await submitLogin(server, jar, loginLocation, ALICE);
    const resume = posted.headers.get('location') ?? '';
    const resumed = await browse(server, jar, resume);
    expect(new URL(resumed.headers.get('location') ?? '').searchParams.get('code')).toBeTruthy();
    const id = new URL(resume, AUTH).searchParams.get('state');
    expect(jar.get(`sal_ix_${id}`)).toBeUndefined();
    // A second resume finds nothing: the transaction is single-use.
    expect((await browse(server, jar, resume)).status).toBe(400);
  });
});
