import { describe, expect, it } from 'vitest';
import { UNFRAMEABLE_SPA_CLIENT_ID } from '../../protocol/defaults.ts';
import type { AuthServer } from '../createAuthServer.ts';
import {
  STORAGE_ACCESS_BUTTON_LABEL,
  STORAGE_ACCESS_SCRIPT_HASH,
} from '../http/pages/storageAccessGrantPage.ts';
import {
  ALICE,
  AUTH,
  authorizeUrl,
  browse,
  CookieJar,
  createTestServer,
  formPost,
  SPA_ORIGIN,
  signIn,
  submitLogin,
} from '../testSupport/testServer.ts';

const CROSS_SITE_AUTH = 'http://127.0.0.1:4400';
/** What Chromium sends for a hidden frame whose (top-level site, server) pair has a grant. */
const inactiveFrame = { 'sec-fetch-dest': 'iframe', 'sec-fetch-storage-access': 'inactive' };
/** The same request retried after the retry answer: the grant is now active and the cookie goes. */
const activeFrame = { ...inactiveFrame, 'sec-fetch-storage-access': 'active', origin: SPA_ORIGIN };
const RETRY = `retry; allowed-origin="${SPA_ORIGIN}"`;

const silentUrl = (params: Record<string, string> = {}) =>
  authorizeUrl({ prompt: 'none', ...params }).replace(AUTH, CROSS_SITE_AUTH);

/** A signed-in browser's cookies, then the jar a cross-site frame has: only SameSite=None ones. */
async function crossSiteFrameJar(server: AuthServer): Promise<CookieJar> {
  const jar = new CookieJar();
  await signIn(server, jar);
  const frame = new CookieJar();
  const crossSite = jar.get('sal_session_xs');
  if (!crossSite) throw new Error('no cross-site session cookie');
  frame.store(new Response(null, { headers: { 'set-cookie': `sal_session_xs=${crossSite}` } }));
  return frame;
}

const eventsOf = async (server: AuthServer) =>
  (await (await server.app.request(`${AUTH}/__control/events`)).json()).events as {
    type: string;
  }[];

describe('session cookies', () => {
  it('sets the session twice at sign-in: SameSite=Lax, and SameSite=None; Secure for frames', async () => {
    const { server } = createTestServer();
    const jar = new CookieJar();
    await signIn(server, jar);
    expect(jar.get('sal_session')).toBeTruthy();
    expect(jar.get('sal_session_xs')).toBe(jar.get('sal_session'));
  });

  it('marks the cross-site one SameSite=None; Secure over http on loopback, the other Lax', async () => {
    const { server } = createTestServer();
    const jar = new CookieJar();
    const start = await browse(server, jar, authorizeUrl());
    const posted = await submitLogin(server, jar, start.headers.get('location') ?? '', ALICE);
    const cookies = posted.headers.getSetCookie();
    const lax = cookies.find((c) => c.startsWith('sal_session='));
    const crossSite = cookies.find((c) => c.startsWith('sal_session_xs='));
    expect(lax).toMatch(/SameSite=Lax/);
    expect(lax).not.toMatch(/Secure/);
    expect(crossSite).toMatch(/SameSite=None/);
    expect(crossSite).toMatch(/Secure/);
    expect(crossSite).toMatch(/HttpOnly/);
  });

  it('keeps the account login form’s CSRF cookie SameSite=Lax (the form is only shown top-level)', async () => {
    const { server } = createTestServer();
    const response = await server.app.request(`${AUTH}/login?returnTo=%2Fdashboard`);
    const csrf = response.headers.getSetCookie().find((c) => c.startsWith('sal_login_csrf='));
    expect(csrf).toMatch(/SameSite=Lax/);
  });

  it('sets no cross-site cookie over plain http on a host that is not loopback (it would be dropped)', async () => {
    const { server } = createTestServer((config) => ({
      ...config,
      issuers: ['http://auth.test:4400/'],
    }));
    const jar = new CookieJar();
    const start = await browse(server, jar, authorizeUrl().replace(AUTH, 'http://auth.test:4400'));
    const login = `http://auth.test:4400${start.headers.get('location')}`;
    const posted = await submitLogin(server, jar, login, ALICE);
    const cookies = posted.headers.getSetCookie();
    expect(cookies.some((c) => c.startsWith('sal_session='))).toBe(true);
    expect(cookies.some((c) => c.startsWith('sal_session_xs='))).toBe(false);
  });

  it('lets only GET /authorize use the cross-site cookie: a form post with it alone is not signed in', async () => {
    const { server } = createTestServer();
    const frame = await crossSiteFrameJar(server);
    const viaGet = await browse(server, frame, silentUrl());
    expect(new URL(viaGet.headers.get('location') ?? '').searchParams.get('code')).toBeTruthy();
    const url = new URL(silentUrl());
    const viaPost = await browse(
      server,
      frame,
      `${url.origin}${url.pathname}`,
      formPost(Object.fromEntries(url.searchParams)),
    );
    expect(new URL(viaPost.headers.get('location') ?? '').searchParams.get('error')).toBe(
      'login_required',
    );
  });

  it('ends both at logout', async () => {
    const { server } = createTestServer();
    const jar = new CookieJar();
    await signIn(server, jar);
    await browse(server, jar, '/v2/logout');
    expect(jar.get('sal_session')).toBeUndefined();
    expect(jar.get('sal_session_xs')).toBeUndefined();
  });
});

describe('Storage Access headers on GET /authorize (prompt=none)', () => {
  it('asks a framed request with an inactive grant from the client’s web origin to retry, empty', async () => {
    const { server } = createTestServer();
    const response = await server.app.request(silentUrl(), {
      headers: { ...inactiveFrame, origin: SPA_ORIGIN },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('activate-storage-access')).toBe(RETRY);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.text()).toBe('');
    expect(await eventsOf(server)).toContainEqual(
      expect.objectContaining({
        type: 'storage_access',
        endpoint: '/authorize',
        state: 'inactive',
        origin: SPA_ORIGIN,
        answer: 'retry',
      }),
    );
    const [entry] = (await (await server.app.request(`${AUTH}/__control/requests`)).json())
      .requests;
    expect(entry).toMatchObject({
      secFetchStorageAccess: 'inactive',
      activateStorageAccess: RETRY,
      status: 401,
    });
  });

  it('issues a code to the retried request, which carries the cross-site cookie and active', async () => {
    const { server } = createTestServer();
    const frame = await crossSiteFrameJar(server);
    const retried = await browse(server, frame, silentUrl(), {
      headers: activeFrame,
    });
    expect(retried.headers.get('activate-storage-access')).toBeNull();
    const events = await eventsOf(server);
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'storage_access', state: 'active', answer: 'none' }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'code_issued', silent: true, userId: 'auth0|alice' }),
    );
  });

  it.each([
    ['an unregistered origin', { ...inactiveFrame, origin: 'https://evil.example' }, {}],
    ['the wildcard', { ...inactiveFrame, origin: '*' }, {}],
    [
      'a top-level request',
      { ...inactiveFrame, 'sec-fetch-dest': 'document', origin: SPA_ORIGIN },
      {},
    ],
    ['no grant', { ...inactiveFrame, 'sec-fetch-storage-access': 'none', origin: SPA_ORIGIN }, {}],
    [
      'a client without web origins',
      { ...inactiveFrame, origin: SPA_ORIGIN },
      { client_id: UNFRAMEABLE_SPA_CLIENT_ID },
    ],
    ['an interactive request', { ...inactiveFrame, origin: SPA_ORIGIN }, { prompt: 'login' }],
  ])('never asks to retry for %s', async (_, headers, params) => {
    const { server } = createTestServer();
    const response = await server.app.request(silentUrl(params), { headers });
    expect(response.headers.get('activate-storage-access')).toBeNull();
    expect(response.status).not.toBe(401);
  });

  it('notes the refusal and its reason on the timeline', async () => {
    const { server } = createTestServer();
    await server.app.request(silentUrl(), {
      headers: { ...inactiveFrame, origin: 'https://evil.example' },
    });
    expect(await eventsOf(server)).toContainEqual(
      expect.objectContaining({
        type: 'storage_access',
        state: 'inactive',
        origin: 'https://evil.example',
        answer: 'none',
        reason: 'origin_not_registered',
      }),
    );
  });

  it('keeps the client’s frame-ancestors on the answer', async () => {
    const { server } = createTestServer();
    const frame = await crossSiteFrameJar(server);
    const answer = await browse(server, frame, silentUrl({ response_mode: 'web_message' }), {
      headers: activeFrame,
    });
    expect(answer.headers.get('content-security-policy')).toContain(
      `frame-ancestors ${SPA_ORIGIN}`,
    );
  });
});

describe('Storage Access headers on the cookie probe', () => {
  const probe = (origin: string) =>
    `${CROSS_SITE_AUTH}/cookie-probe?origin=${encodeURIComponent(origin)}`;

  it('notes an inactive first request in the URL, then asks to retry for the registered origin it reports to', async () => {
    const { server } = createTestServer();
    const headers = { ...inactiveFrame, origin: SPA_ORIGIN };
    const first = await server.app.request(probe(SPA_ORIGIN), { headers });
    expect(first.status).toBe(302);
    expect(first.headers.get('activate-storage-access')).toBeNull();
    expect(first.headers.get('set-cookie')).toBeNull();
    const noted = `${CROSS_SITE_AUTH}${first.headers.get('location')}`;
    expect(noted).toBe(`${probe(SPA_ORIGIN)}&first=inactive`);
    const response = await server.app.request(noted, { headers });
    expect(response.status).toBe(401);
    expect(response.headers.get('activate-storage-access')).toBe(RETRY);
  });

  it('tells the page the whole way: inactive first, active with the cookie after the retry', async () => {
    const { server } = createTestServer();
    const jar = new CookieJar();
    // The browser's resend after the retry: same URL, the cookies, and active.
    const resent = await browse(server, jar, `${probe(SPA_ORIGIN)}&first=inactive`, {
      headers: activeFrame,
    });
    expect(resent.status).toBe(302);
    const location = resent.headers.get('location') ?? '';
    expect(location).toContain('first=inactive');
    const check = await browse(server, jar, `${CROSS_SITE_AUTH}${location}`, {
      headers: activeFrame,
    });
    const html = await check.text();
    expect(html).toContain('var header = "active";');
    expect(html).toContain('var first = "inactive";');
    expect(html).toContain('"cookies":true');
  });

  it('carries what a request without a grant came with, and ignores a first= that is no state', async () => {
    const { server } = createTestServer();
    const none = { 'sec-fetch-dest': 'iframe', 'sec-fetch-storage-access': 'none' };
    const step = await server.app.request(probe(SPA_ORIGIN), { headers: none });
    expect(step.headers.get('location')).toContain('first=none');
    const check = await server.app.request(
      `${CROSS_SITE_AUTH}/cookie-probe/check?origin=${encodeURIComponent(SPA_ORIGIN)}&first=%3Cscript%3E`,
      { headers: none },
    );
    expect(await check.text()).toContain('var first = null;');
  });

  it('never for a framing page of another origin than the one it reports to', async () => {
    const { server } = createTestServer();
    const response = await server.app.request(probe(SPA_ORIGIN), {
      headers: { ...inactiveFrame, origin: 'http://127.0.0.1:5173' },
    });
    expect(response.headers.get('activate-storage-access')).toBeNull();
    expect(response.status).toBe(302);
  });

  it('tells the page which Sec-Fetch-Storage-Access it came with', async () => {
    const { server } = createTestServer();
    const check = await server.app.request(
      `${CROSS_SITE_AUTH}/cookie-probe/check?origin=${encodeURIComponent(SPA_ORIGIN)}`,
      { headers: { 'sec-fetch-dest': 'iframe', 'sec-fetch-storage-access': 'active' } },
    );
    expect(await check.text()).toContain('var header = "active";');
  });
});

describe('GET /storage-access (the grant page)', () => {
  const page = (origin: string) => `${AUTH}/storage-access?origin=${encodeURIComponent(origin)}`;

  it('shows the button, framable by the registered origin only, running exactly its script', async () => {
    const { server } = createTestServer();
    const response = await server.app.request(page(SPA_ORIGIN));
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain(`frame-ancestors ${SPA_ORIGIN}`);
    expect(csp).toContain(`script-src '${STORAGE_ACCESS_SCRIPT_HASH}'`);
    expect(csp).toContain("default-src 'none'");
    const html = await response.text();
    expect(html).toContain(STORAGE_ACCESS_BUTTON_LABEL);
    expect(html).toContain(`data-origin="${SPA_ORIGIN}"`);
    expect(html).toContain('document.requestStorageAccess()');
  });

  it.each([
    ['an unregistered origin', 'https://evil.example'],
    ['the wildcard', '*'],
    ['markup', '"><script>alert(1)</script>'],
  ])('refuses %s, unframable', async (_, origin) => {
    const { server } = createTestServer();
    const response = await server.app.request(page(origin));
    expect(response.status).toBe(400);
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(await response.text()).not.toContain('<script>alert');
  });

  it('refuses a request without an origin', async () => {
    const { server } = createTestServer();
    expect((await server.app.request(`${AUTH}/storage-access`)).status).toBe(400);
  });
});
