import { describe, expect, it } from 'vitest';
import { SPA_CLIENT_ID, THIRD_PARTY_SPA_CLIENT_ID } from '../../protocol/defaults.ts';
import {
  ALICE,
  authorizeUrl,
  browse,
  CookieJar,
  createTestServer,
  formPost,
  hiddenField,
  signIn,
  submitLogin,
} from '../testSupport/testServer.ts';

async function reachConsent() {
  const { server } = createTestServer();
  const jar = new CookieJar();
  const start = await browse(server, jar, authorizeUrl({ client_id: THIRD_PARTY_SPA_CLIENT_ID }));
  const posted = await submitLogin(server, jar, start.headers.get('location') ?? '', ALICE);
  const resumed = await browse(server, jar, posted.headers.get('location') ?? '');
  const consentLocation = resumed.headers.get('location') ?? '';
  return { server, jar, consentLocation };
}

/** Posts the consent form as the page renders it, with `decision`. */
async function decide(decision: 'accept' | 'deny') {
  const { server, jar, consentLocation } = await reachConsent();
  const html = await (await browse(server, jar, consentLocation)).text();
  const answer = await browse(
    server,
    jar,
    '/u/consent',
    formPost({ state: hiddenField(html, 'state'), csrf: hiddenField(html, 'csrf'), decision }),
  );
  return { server, jar, answer };
}

describe('consent for third-party clients', () => {
  it('asks after login, on a page that cannot be framed', async () => {
    const { server, jar, consentLocation } = await reachConsent();
    expect(consentLocation).toMatch(/^\/u\/consent\?state=/);
    const page = await browse(server, jar, consentLocation);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    const html = await page.text();
    expect(html).toContain('Silent Auth Lab (third party)');
    expect(html).toContain('read:profile');
  });

  it('continues with a code on accept, and prompt=none works afterwards', async () => {
    const { server, jar, answer: accepted } = await decide('accept');
    const done = await browse(server, jar, accepted.headers.get('location') ?? '');
    expect(new URL(done.headers.get('location') ?? '').searchParams.get('code')).toBeTruthy();

    const silent = await browse(
      server,
      jar,
      authorizeUrl({ client_id: THIRD_PARTY_SPA_CLIENT_ID, prompt: 'none' }),
    );
    expect(new URL(silent.headers.get('location') ?? '').searchParams.get('code')).toBeTruthy();
  });

  it('returns access_denied to the client on decline', async () => {
    const { answer: declined } = await decide('deny');
    const location = new URL(declined.headers.get('location') ?? '');
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('state-123');
  });

  it('refuses a consent post without the CSRF token', async () => {
    const { server, jar, consentLocation } = await reachConsent();
    const html = await (await browse(server, jar, consentLocation)).text();
    const response = await browse(
      server,
      jar,
      '/u/consent',
      formPost({ state: hiddenField(html, 'state'), decision: 'accept' }),
    );
    expect(response.status).toBe(403);
  });

  it('shows the consent page on prompt=consent even for a first-party client', async () => {
    const { server } = createTestServer();
    const jar = new CookieJar();
    await signIn(server, jar);
    const response = await browse(
      server,
      jar,
      authorizeUrl({ client_id: SPA_CLIENT_ID, prompt: 'consent' }),
    );
    expect(response.headers.get('location')).toMatch(/^\/u\/consent/);
  });
});
