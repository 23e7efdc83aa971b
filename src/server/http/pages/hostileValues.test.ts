/**
 * Every user- and client-controlled value on every server page, rendered through the real routes
 * with markup in it, comes out escaped: the page shows the text and holds none of its markup.
 */
import { describe, expect, it } from 'vitest';
import {
  NATIVE_CLIENT_ID,
  SPA_CLIENT_ID,
  THIRD_PARTY_SPA_CLIENT_ID,
} from '../../../protocol/defaults.ts';
import type { AuthServerConfigInput } from '../../config.ts';
import type { AuthServer } from '../../createAuthServer.ts';
import {
  ALICE,
  API_AUDIENCE,
  authorizeUrl,
  BOB,
  browse,
  CALLBACK,
  CookieJar,
  createTestServer,
  formPost,
  hiddenField,
  postedMessage,
  postForm,
  signInNative,
  signInOnServer,
  submitLogin,
} from '../../testSupport/testServer.ts';

/** Markup that would run if it reached the page as HTML, labelled by where it was put. */
const hostile = (label: string) =>
  `<script>alert('${label}')</script>"><img src=x onerror=alert('${label}')>'&`;
/** RFC 6749 scope tokens have no spaces or `"`: the same attack without them. */
const HOSTILE_SCOPE = `x:<script>alert('scope')</script><img/src=x/onerror=alert(1)>'&`;
const HOSTILE_REDIRECT = `${CALLBACK}?next='"><img src=x onerror=alert('redirect')>`;

/** The independent oracle: what the text looks like once escaped for text and attributes. */
const escaped = (value: string) =>
  value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/** An attribute's value as the browser reads it (the inverse of `escaped`). */
const unescaped = (value: string) =>
  value
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&gt;/g, '>')
    .replace(/&lt;/g, '<')
    .replace(/&amp;/g, '&');

/** The page shows each value as text, and no markup of any hostile value got through. */
function expectEscaped(page: string, values: readonly string[]) {
  for (const value of values) expect(page).toContain(escaped(value));
  expect(page).not.toMatch(/<script>alert|<img[\s/]src=x/);
}

const hostileConfig = (config: AuthServerConfigInput): AuthServerConfigInput => ({
  ...config,
  clients: config.clients?.map((client) => ({
    ...client,
    name: hostile(`client ${client.clientId}`),
    ...(client.clientId === SPA_CLIENT_ID
      ? { redirectUris: [...(client.redirectUris ?? []), HOSTILE_REDIRECT] }
      : {}),
  })),
  apis: config.apis?.map((api) => ({ ...api, scopes: [...(api.scopes ?? []), HOSTILE_SCOPE] })),
  users: config.users?.map((user) =>
    user.email === ALICE.email
      ? { ...user, name: hostile('name'), userId: hostile('sub'), admin: true }
      : user,
  ),
});

const setUp = () => createTestServer(hostileConfig).server;

const text = async (server: AuthServer, jar: CookieJar, url: string, init?: RequestInit) =>
  (await browse(server, jar, url, init)).text();

describe('server pages escape every value they show', () => {
  it('login page: the client name, and the email typed on a failed sign-in', async () => {
    const server = setUp();
    const jar = new CookieJar();
    const start = await browse(server, jar, authorizeUrl());
    const location = start.headers.get('location') ?? '';
    expectEscaped(await text(server, jar, location), [hostile(`client ${SPA_CLIENT_ID}`)]);
    const failed = await submitLogin(server, jar, location, {
      email: hostile('email'),
      password: 'nope',
    });
    expect(failed.status).toBe(400);
    expectEscaped(await failed.text(), [hostile('email'), hostile(`client ${SPA_CLIENT_ID}`)]);
  });

  it('the server’s own sign-in page: a returnTo path', async () => {
    const server = setUp();
    // A return path has no whitespace (isSafeReturnPath): the scope-shaped attack fits.
    const returnTo = `/dashboard?x=${HOSTILE_SCOPE}`;
    const page = await text(
      server,
      new CookieJar(),
      `/login?returnTo=${encodeURIComponent(returnTo)}`,
    );
    expectEscaped(page, [returnTo]);
  });

  it('consent page: the client name and the scopes', async () => {
    const server = setUp();
    const jar = new CookieJar();
    const start = await browse(
      server,
      jar,
      authorizeUrl({
        client_id: THIRD_PARTY_SPA_CLIENT_ID,
        scope: `openid read:profile ${HOSTILE_SCOPE}`,
      }),
    );
    const posted = await submitLogin(server, jar, start.headers.get('location') ?? '', ALICE);
    const resumed = await browse(server, jar, posted.headers.get('location') ?? '');
    const consent = resumed.headers.get('location') ?? '';
    expect(consent).toMatch(/^\/u\/consent\?/);
    expectEscaped(await text(server, jar, consent), [
      hostile(`client ${THIRD_PARTY_SPA_CLIENT_ID}`),
      HOSTILE_SCOPE,
    ]);
  });

  it('error page: an error_description that quotes the request', async () => {
    const server = setUp();
    const response = await browse(
      server,
      new CookieJar(),
      authorizeUrl({ client_id: hostile('client_id') }),
    );
    expect(response.status).toBe(400);
    expectEscaped(await response.text(), [`Unknown client: ${hostile('client_id')}`]);
  });

  it('form_post page: state and the registered redirect URI; web_message: state as JSON', async () => {
    const server = setUp();
    const jar = new CookieJar();
    const state = hostile('state');
    const start = await browse(
      server,
      jar,
      authorizeUrl({ response_mode: 'form_post', redirect_uri: HOSTILE_REDIRECT, state }),
    );
    const posted = await submitLogin(server, jar, start.headers.get('location') ?? '', ALICE);
    const formPage = await text(server, jar, posted.headers.get('location') ?? '');
    expectEscaped(formPage, [state, HOSTILE_REDIRECT]);

    const silent = await browse(
      server,
      jar,
      authorizeUrl({ response_mode: 'web_message', prompt: 'none', state }),
    );
    const page = await silent.text();
    // Inside the script the value is JSON: nothing in it can end the element or open markup.
    expect(page.match(/<\/script>/g)).toHaveLength(1);
    expect(page).not.toMatch(/<script>alert|<img[\s/]src=x/);
    expect(postedMessage(page).message.response.state).toBe(state);
  });

  it('framed redirect page: the location is JSON inside the script', async () => {
    const server = setUp();
    const jar = new CookieJar();
    const start = await browse(server, jar, authorizeUrl());
    await submitLogin(server, jar, start.headers.get('location') ?? '', ALICE);
    const framed = await browse(
      server,
      jar,
      authorizeUrl({ prompt: 'none', redirect_uri: HOSTILE_REDIRECT, state: hostile('state') }),
      { headers: { 'sec-fetch-dest': 'iframe' } },
    );
    const page = await framed.text();
    expect(page).toContain('window.location.replace(');
    expect(page.match(/<\/script>/g)).toHaveLength(1);
    expect(page).not.toMatch(/<script>alert|<img[\s/]src=x|'/);
  });

  it('device pages: a mistyped user code, the client name, the device name and the scopes', async () => {
    const server = setUp();
    const jar = new CookieJar();
    await signInOnServer(server, jar, '/activate');
    const entry = await text(server, jar, '/activate');
    const typo = hostile('user_code');
    const refused = await text(
      server,
      jar,
      '/activate',
      formPost({ csrf: hiddenField(entry, 'csrf'), user_code: typo }),
    );
    expectEscaped(refused, [typo, ALICE.email]);

    const started = await postForm(server, '/oauth/device/code', {
      client_id: NATIVE_CLIENT_ID,
      scope: `openid ${HOSTILE_SCOPE}`,
      audience: API_AUDIENCE,
      device: hostile('device'),
    });
    const { user_code: userCode } = (await started.json()) as { user_code: string };
    const confirm = await text(
      server,
      jar,
      '/activate',
      formPost({ csrf: hiddenField(entry, 'csrf'), user_code: userCode }),
    );
    expectEscaped(confirm, [
      hostile(`client ${NATIVE_CLIENT_ID}`),
      hostile('device'),
      HOSTILE_SCOPE,
    ]);
  });

  it('dashboard pages: user name and id, client and device names, on lists and the revoke confirmation', async () => {
    const server = setUp();
    await signInNative(server, { device: hostile('device') });
    const jar = new CookieJar();
    await signInOnServer(server, jar, '/dashboard');
    const userPath = `/dashboard/users/${encodeURIComponent(hostile('sub'))}`;
    expectEscaped(await text(server, jar, '/dashboard/users'), [hostile('name'), hostile('sub')]);
    expectEscaped(await text(server, jar, userPath), [hostile('name'), hostile('sub')]);
    const devices = await text(server, jar, `${userPath}/devices`);
    expectEscaped(devices, [
      hostile('name'),
      hostile('device'),
      hostile(`client ${NATIVE_CLIENT_ID}`),
    ]);
    const confirmPath = unescaped(/<form method="get" action="([^"]+)">/.exec(devices)?.[1] ?? '');
    expectEscaped(await text(server, jar, confirmPath), [
      hostile('name'),
      hostile('device'),
      hostile(`client ${NATIVE_CLIENT_ID}`),
    ]);
  });

  it('dashboard refusal page: the signed-in user’s email, as the config holds it', async () => {
    const server = setUp();
    const jar = new CookieJar();
    await signInOnServer(server, jar, '/dashboard', BOB);
    const page = await browse(server, jar, '/dashboard');
    expect(page.status).toBe(403);
    expectEscaped(await page.text(), [BOB.email]);
  });
});
