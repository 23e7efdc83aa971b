/**
 * One test per attack of RFC 9700 (OAuth 2.0 Security BCP) and OIDC Core that this server and
 * SPA must refuse; docs/security.md maps each case to its test. Browser-level cases (framing,
 * CORS in a real browser, the SPA's callback URL) are in e2e/security.spec.ts.
 *
 * Covered elsewhere, not repeated here:
 * - code replay: e2e/authorize.spec.ts › a replayed code is refused and revokes what it issued
 * - forged postMessage responses: e2e/silentFailures.spec.ts › forged authorization responses from another origin’s frame and window change nothing
 * - refresh token to a SPA: e2e/refreshTokens.spec.ts › the SPA asking for offline_access gets no refresh token, and cannot refresh
 * - refresh reuse with rotation: src/server/routes/refreshToken.test.ts › rotates on each use; a reused token revokes the whole family
 * - state replay (implicit): src/auth/implicit/parseImplicitResponse.test.ts › uses the state once: the same response a second time is refused
 * - nonce replay (implicit): src/auth/implicit/verifyImplicitIdToken.test.ts › the same nonce a second time (a replayed token), even though it matches
 * - foreign nonce (code flow): src/auth/codeFlows.test.ts › refuses an ID token whose nonce is not ours
 * - foreign issuer in the ID token (code flow): src/auth/codeFlows.test.ts › refuses an ID token from another issuer
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readClientSettings } from '../../auth/clientSettings.ts';
import { createCodeFlows } from '../../auth/codeFlows.ts';
import { memoryDpopKeyStore } from '../../auth/testSupport/memoryDpopKeyStore.ts';
import {
  REGULAR_WEB_CLIENT_ID,
  REGULAR_WEB_REDIRECT_URI,
  REGULAR_WEB_TEST_SECRET,
  SPA_CLIENT_ID,
  THIRD_PARTY_SPA_CLIENT_ID,
} from '../../protocol/defaults.ts';
import type { AuthServer } from '../createAuthServer.ts';
import {
  ALICE,
  AUTH,
  authorizeUrl,
  browse,
  CALLBACK,
  CookieJar,
  createTestServer,
  exchangeCode,
  formPost,
  hiddenField,
  ISSUER,
  postedMessage,
  postForm,
  SPA_ORIGIN,
  signIn,
  signInForTokens,
  submitLogin,
  VERIFIER,
} from '../testSupport/testServer.ts';

const SILENT_CALLBACK = `${SPA_ORIGIN}/silent-callback.html`;
const EVIL_ORIGIN = 'https://evil.example';

/** A browser with a server session (signed in once). */
async function signedInBrowser() {
  const { server } = createTestServer();
  const jar = new CookieJar();
  await signIn(server, jar);
  return { server, jar };
}

/** The 302 answer a browser without a session gets: the login page of a fresh transaction. */
async function loginPageOfNewTransaction(server: AuthServer, jar: CookieJar, state = 'state-1') {
  const start = await browse(server, jar, authorizeUrl({ state }));
  const location = start.headers.get('location') ?? '';
  const response = await browse(server, jar, location);
  const html = await response.text();
  return { location, response, html };
}

/** The web_message page a signed-in browser's hidden frame gets for prompt=none. */
async function silentWebMessagePage(): Promise<string> {
  const { server, jar } = await signedInBrowser();
  const url = authorizeUrl({
    prompt: 'none',
    response_mode: 'web_message',
    redirect_uri: SILENT_CALLBACK,
  });
  return (await browse(server, jar, url)).text();
}

function expectNoRedirect(response: Response): void {
  expect(response.status).not.toBe(302);
  expect(response.status).not.toBe(303);
  expect(response.headers.get('location')).toBeNull();
}

describe('open redirect (RFC 9700 §4.1, §4.11)', () => {
  it.each([
    ['an unregistered host', `${EVIL_ORIGIN}/callback`],
    ['a lookalike host (suffix)', 'http://localhost:5173.evil.example/callback'],
    ['a lookalike host (userinfo)', 'http://localhost:5173@evil.example/callback'],
    ['a longer path', `${CALLBACK}/evil`],
    ['a dot segment', `${SPA_ORIGIN}/callback/../evil`],
    ['an added query', `${CALLBACK}?next=${EVIL_ORIGIN}`],
    ['another port', 'http://localhost:5174/callback'],
    ['https instead of http', 'https://localhost:5173/callback'],
    ['a case variant', 'http://LOCALHOST:5173/callback'],
    ['a trailing slash', `${CALLBACK}/`],
  ])(
    'an authorization request with %s as redirect_uri gets an error page, never a redirect',
    async (_, redirectUri) => {
      const { server } = createTestServer();
      const response = await browse(
        server,
        new CookieJar(),
        authorizeUrl({ redirect_uri: redirectUri }),
      );
      expect(response.status).toBe(400);
      expectNoRedirect(response);
      // It may quote the URI as text, never as a link, a refresh or a script.
      expect(await response.text()).not.toMatch(/href=|http-equiv="refresh"|<script/i);
    },
  );

  it('a signed-in user with an unregistered redirect_uri and prompt=none gets an error page, never a code', async () => {
    const { server, jar } = await signedInBrowser();
    const response = await browse(
      server,
      jar,
      authorizeUrl({ redirect_uri: `${EVIL_ORIGIN}/callback`, prompt: 'none' }),
    );
    expect(response.status).toBe(400);
    expectNoRedirect(response);
  });

  it('an error page for an unknown client never redirects, even to a URL that looks registered', async () => {
    const { server } = createTestServer();
    const response = await browse(
      server,
      new CookieJar(),
      authorizeUrl({ client_id: 'unknown-client', redirect_uri: CALLBACK }),
    );
    expect(response.status).toBe(400);
    expectNoRedirect(response);
  });

  it('an error page for an unknown transaction (resume, login) never redirects', async () => {
    const { server } = createTestServer();
    const jar = new CookieJar();
    for (const path of ['/authorize/resume?state=forged', '/u/login?state=forged']) {
      const response = await browse(server, jar, path);
      expect(response.status).toBe(400);
      expectNoRedirect(response);
    }
  });

  it.each([
    [
      '/v2/logout (unregistered returnTo)',
      `/v2/logout?client_id=${SPA_CLIENT_ID}&returnTo=${encodeURIComponent(`${EVIL_ORIGIN}/`)}`,
    ],
    [
      '/v2/logout (returnTo without client_id)',
      `/v2/logout?returnTo=${encodeURIComponent(`${EVIL_ORIGIN}/`)}`,
    ],
    [
      '/v2/logout (lookalike returnTo)',
      `/v2/logout?client_id=${SPA_CLIENT_ID}&returnTo=${encodeURIComponent(`${SPA_ORIGIN}/?next=${EVIL_ORIGIN}`)}`,
    ],
    [
      '/oidc/logout (unregistered post_logout_redirect_uri)',
      `/oidc/logout?client_id=${SPA_CLIENT_ID}&post_logout_redirect_uri=${encodeURIComponent(`${EVIL_ORIGIN}/`)}`,
    ],
    [
      '/oidc/logout (login callback as post_logout_redirect_uri)',
      `/oidc/logout?client_id=${SPA_CLIENT_ID}&post_logout_redirect_uri=${encodeURIComponent(CALLBACK)}`,
    ],
  ])('logout at %s shows the logged-out page and never redirects', async (_, path) => {
    const { server, jar } = await signedInBrowser();
    const response = await browse(server, jar, path);
    expect(response.status).toBe(200);
    expectNoRedirect(response);
    expect(await response.text()).not.toContain('evil.example');
  });
});

describe('PKCE downgrade and mismatch (RFC 9700 §2.1.1, §4.8)', () => {
  const errorAtCallback = async (params: Record<string, string | undefined>) => {
    const { server } = createTestServer();
    const response = await browse(server, new CookieJar(), authorizeUrl(params));
    const location = new URL(response.headers.get('location') ?? '', AUTH);
    return { response, location };
  };

  it('a public client without code_challenge is refused (invalid_request), no code', async () => {
    const { location } = await errorAtCallback({
      code_challenge: undefined,
      code_challenge_method: undefined,
    });
    expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('code')).toBeNull();
  });

  it('code_challenge_method=plain is refused (invalid_request), no code', async () => {
    const { location } = await errorAtCallback({
      code_challenge: VERIFIER,
      code_challenge_method: 'plain',
    });
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('code')).toBeNull();
  });

  it('a challenge without a method (plain by default) is refused (invalid_request)', async () => {
    const { location } = await errorAtCallback({ code_challenge_method: undefined });
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('code')).toBeNull();
  });

  it('a code issued for a challenge is refused at /oauth/token without the verifier (invalid_grant)', async () => {
    const { server } = createTestServer();
    const callback = await signIn(server, new CookieJar());
    const response = await exchangeCode(server, callback.searchParams.get('code') ?? '', {
      code_verifier: undefined,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('a code is refused at /oauth/token with another verifier (invalid_grant)', async () => {
    const { server } = createTestServer();
    const callback = await signIn(server, new CookieJar());
    const code = callback.searchParams.get('code') ?? '';
    const wrong = await exchangeCode(server, code, { code_verifier: 'x'.repeat(43) });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('a verifier sent for a code issued without a challenge (confidential client) is refused (invalid_grant)', async () => {
    const { server } = createTestServer();
    const callback = await signIn(server, new CookieJar(), {
      client_id: REGULAR_WEB_CLIENT_ID,
      redirect_uri: REGULAR_WEB_REDIRECT_URI,
      code_challenge: undefined,
      code_challenge_method: undefined,
      audience: undefined,
      scope: 'openid profile',
    });
    const code = callback.searchParams.get('code');
    expect(code).toBeTruthy();
    const response = await exchangeCode(server, code ?? '', {
      client_id: REGULAR_WEB_CLIENT_ID,
      client_secret: REGULAR_WEB_TEST_SECRET,
      redirect_uri: REGULAR_WEB_REDIRECT_URI,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_grant' });
  });
});

describe('mix-up (RFC 9700 §4.4, RFC 9207)', () => {
  it('the server advertises authorization_response_iss_parameter_supported', async () => {
    const { server } = createTestServer();
    const response = await server.app.request(`${AUTH}/.well-known/openid-configuration`);
    expect(await response.json()).toMatchObject({
      issuer: ISSUER,
      authorization_response_iss_parameter_supported: true,
    });
  });

  it('every authorization response names its issuer in iss: code, error, and per answering host', async () => {
    const { server, jar } = await signedInBrowser();
    const code = await signIn(server, jar);
    expect(code.searchParams.get('code')).toBeTruthy();
    expect(code.searchParams.get('iss')).toBe(ISSUER);

    const error = await browse(
      server,
      new CookieJar(),
      authorizeUrl({ prompt: 'none', redirect_uri: SILENT_CALLBACK }),
    );
    const errorLocation = new URL(error.headers.get('location') ?? '');
    expect(errorLocation.searchParams.get('error')).toBe('login_required');
    expect(errorLocation.searchParams.get('iss')).toBe(ISSUER);

    // The same server answering as its other issuer says so.
    const other = await browse(
      server,
      new CookieJar(),
      authorizeUrl({ prompt: 'none' }).replace(AUTH, 'http://127.0.0.1:4400'),
    );
    expect(new URL(other.headers.get('location') ?? '').searchParams.get('iss')).toBe(
      'http://127.0.0.1:4400/',
    );
  });

  it('form_post and web_message responses carry iss too', async () => {
    const { server, jar } = await signedInBrowser();
    const formPostPage = await (
      await browse(server, jar, authorizeUrl({ prompt: 'none', response_mode: 'form_post' }))
    ).text();
    expect(hiddenField(formPostPage, 'iss')).toBe(ISSUER);
    const { message } = postedMessage(await silentWebMessagePage());
    expect(message.response).toMatchObject({ iss: ISSUER });
    expect(message.response.code).toBeTruthy();
  });
});

/** The SPA's real code flow (oidc-client-ts) against the in-process server. */
function spaAgainstServer(server: AuthServer) {
  vi.stubGlobal('fetch', (input: string | URL | Request, init?: RequestInit) =>
    server.app.request(input instanceof Request ? input : String(input), init),
  );
  // The SPA's default, DPoP on: oidc-client-ts takes the proof's jti from window.crypto, and
  // node has no IndexedDB for the key.
  vi.stubGlobal('window', { crypto: globalThis.crypto });
  const redirects: string[] = [];
  const flows = createCodeFlows(readClientSettings(undefined, SPA_ORIGIN), {
    dpopKeys: memoryDpopKeyStore(),
    stateStorage: new MemoryStorage(),
    redirect: async (url) => {
      redirects.push(url);
    },
  });
  /** Starts a login in the SPA, signs in at the server; returns the callback URL. */
  const login = async (): Promise<URL> => {
    await flows.startLogin('/profile');
    const jar = new CookieJar();
    const start = await browse(server, jar, redirects.at(-1) ?? '');
    const posted = await submitLogin(server, jar, start.headers.get('location') ?? '', ALICE);
    const resumed = await browse(server, jar, posted.headers.get('location') ?? '');
    return new URL(resumed.headers.get('location') ?? '');
  };
  return { flows, login };
}

class MemoryStorage implements Storage {
  private readonly items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

describe('the SPA (code flow) against the server: state and issuer', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('a replayed authorization response (same state) is refused the second time (invalid_state)', async () => {
    const { server } = createTestServer();
    const { flows, login } = spaAgainstServer(server);
    const callback = await login();
    const { session } = await flows.finishLogin(callback.href);
    expect(session.idTokenClaims.sub).toBe(ALICE.sub);
    const replay = await flows.finishLogin(callback.href).catch((error: unknown) => error);
    expect(replay).toMatchObject({ failure: { reason: 'invalid_state' } });
  });

  it('mix-up: an authorization response whose iss names another issuer is refused before the code is exchanged (RFC 9207 §2.4)', async () => {
    const { server } = createTestServer();
    const { flows, login } = spaAgainstServer(server);
    const callback = await login();
    expect(callback.searchParams.get('iss')).toBe(ISSUER);
    callback.searchParams.set('iss', 'https://evil.example/');
    const refused = await flows.finishLogin(callback.href).catch((error: unknown) => error);
    expect(refused).toMatchObject({ failure: { reason: 'invalid_response' } });
    // The code was never spent: the genuine response still works.
    callback.searchParams.set('iss', ISSUER);
    const { session } = await flows.finishLogin(callback.href);
    expect(session.idTokenClaims.sub).toBe(ALICE.sub);
  });
});

describe('postMessage to the wrong origin (RFC 9700 §4.17)', () => {
  it("the web_message page posts to the registered redirect URI's origin, never '*'", async () => {
    const html = await silentWebMessagePage();
    expect(postedMessage(html).targetOrigin).toBe(SPA_ORIGIN);
    expect(html).toContain('postMessage(message, targetOrigin)');
    expect(html).not.toMatch(/['"]\*['"]/);
  });

  it('web_message to an unregistered redirect_uri is an error page: nothing is posted anywhere', async () => {
    const { server, jar } = await signedInBrowser();
    const response = await browse(
      server,
      jar,
      authorizeUrl({
        prompt: 'none',
        response_mode: 'web_message',
        redirect_uri: `${EVIL_ORIGIN}/`,
      }),
    );
    expect(response.status).toBe(400);
    expect(await response.text()).not.toContain('postMessage');
  });
});

describe('clickjacking (RFC 9700 §4.16)', () => {
  const expectNotFramable = (response: Response) => {
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  };

  it('the login page is sent with X-Frame-Options DENY and frame-ancestors none', async () => {
    const { server } = createTestServer();
    const { response, html } = await loginPageOfNewTransaction(server, new CookieJar());
    expect(html).toContain('name="password"');
    expectNotFramable(response);
  });

  it('the consent page is sent with X-Frame-Options DENY and frame-ancestors none', async () => {
    const { server } = createTestServer();
    const jar = new CookieJar();
    const start = await browse(server, jar, authorizeUrl({ client_id: THIRD_PARTY_SPA_CLIENT_ID }));
    const posted = await submitLogin(server, jar, start.headers.get('location') ?? '', ALICE);
    const resumed = await browse(server, jar, posted.headers.get('location') ?? '');
    const consent = await browse(server, jar, resumed.headers.get('location') ?? '');
    expect(await consent.text()).toContain('read:profile');
    expectNotFramable(consent);
  });

  it('the error and logged-out pages are not framable either', async () => {
    const { server } = createTestServer();
    const jar = new CookieJar();
    expectNotFramable(await browse(server, jar, authorizeUrl({ redirect_uri: `${EVIL_ORIGIN}/` })));
    expectNotFramable(await browse(server, jar, '/v2/logout'));
  });
});

describe('CORS from an unregistered origin (RFC 9700 §4.1.1, web origins)', () => {
  const origin = EVIL_ORIGIN;

  it.each([
    ['/oauth/token', 'POST'],
    ['/userinfo', 'GET'],
    ['/oauth/revoke', 'POST'],
  ])(
    '%s gives an unregistered origin no Access-Control-Allow-Origin (request and preflight)',
    async (path, method) => {
      const { server } = createTestServer();
      const { access_token } = await signInForTokens(server);
      const request =
        method === 'GET'
          ? await server.app.request(`${AUTH}${path}`, {
              headers: { origin, authorization: `Bearer ${access_token}` },
            })
          : await postForm(
              server,
              path,
              { client_id: SPA_CLIENT_ID, token: access_token },
              {
                headers: { origin },
              },
            );
      expect(request.headers.get('access-control-allow-origin')).toBeNull();
      expect(request.headers.get('access-control-allow-credentials')).toBeNull();
      const preflight = await server.app.request(`${AUTH}${path}`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': method,
          'access-control-request-headers': 'authorization, content-type',
        },
      });
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
      // The registered origin, for contrast, is echoed.
      const allowed = await server.app.request(`${AUTH}${path}`, {
        method: 'OPTIONS',
        headers: { origin: SPA_ORIGIN, 'access-control-request-method': method },
      });
      expect(allowed.headers.get('access-control-allow-origin')).toBe(SPA_ORIGIN);
    },
  );
});

describe('login CSRF (RFC 9700 §4.7, OIDC Core §3.1.2.3)', () => {
  it('POST /u/login without the CSRF token is refused (403), no session', async () => {
    const { server } = createTestServer();
    const jar = new CookieJar();
    const { html } = await loginPageOfNewTransaction(server, jar);
    const response = await browse(
      server,
      jar,
      '/u/login',
      formPost({ state: hiddenField(html, 'state'), ...ALICE }),
    );
    expect(response.status).toBe(403);
    expectNoRedirect(response);
    expect(jar.get('sal_session')).toBeUndefined();
  });

  it("POST /u/login with another transaction's CSRF token is refused (403), no session", async () => {
    const { server } = createTestServer();
    const jar = new CookieJar();
    const first = await loginPageOfNewTransaction(server, jar, 'first');
    const second = await loginPageOfNewTransaction(server, jar, 'second');
    expect(hiddenField(first.html, 'csrf')).not.toBe(hiddenField(second.html, 'csrf'));
    const response = await browse(
      server,
      jar,
      '/u/login',
      formPost({
        state: hiddenField(second.html, 'state'),
        csrf: hiddenField(first.html, 'csrf'),
        ...ALICE,
      }),
    );
    expect(response.status).toBe(403);
    expectNoRedirect(response);
    expect(jar.get('sal_session')).toBeUndefined();
  });

  it("POST /u/login with the attacker's own transaction (state and token) from the victim's browser is refused (403)", async () => {
    const { server } = createTestServer();
    const attacker = new CookieJar();
    const { html } = await loginPageOfNewTransaction(server, attacker);
    const victim = new CookieJar();
    const response = await browse(
      server,
      victim,
      '/u/login',
      formPost({ state: hiddenField(html, 'state'), csrf: hiddenField(html, 'csrf'), ...ALICE }),
    );
    expect(response.status).toBe(403);
    expect(victim.get('sal_session')).toBeUndefined();
  });
});

describe('token leakage through URLs and Referer (RFC 9700 §4.2, §4.3)', () => {
  it('every server page and authorization answer carries Referrer-Policy: no-referrer', async () => {
    const { server } = createTestServer();
    const jar = new CookieJar();
    const { response: login } = await loginPageOfNewTransaction(server, jar);
    const error = await browse(server, jar, authorizeUrl({ redirect_uri: `${EVIL_ORIGIN}/` }));
    const loggedOut = await browse(server, jar, '/v2/logout');
    await signIn(server, jar);
    const answer = await browse(server, jar, authorizeUrl({ prompt: 'none' }));
    expect(answer.headers.get('location')).toContain('code=');
    for (const response of [login, error, loggedOut, answer]) {
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  it('token responses carry no-store and no-referrer', async () => {
    const { server } = createTestServer();
    const callback = await signIn(server, new CookieJar());
    const response = await exchangeCode(server, callback.searchParams.get('code') ?? '');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('an implicit request with response_mode=query is refused, its error in the fragment: no token ever in a query', async () => {
    const { server, jar } = await signedInBrowser();
    const response = await browse(
      server,
      jar,
      authorizeUrl({
        response_type: 'id_token token',
        response_mode: 'query',
        code_challenge: undefined,
        code_challenge_method: undefined,
      }),
    );
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.search).toBe('');
    expect(new URLSearchParams(location.hash.slice(1)).get('error')).toBe('invalid_request');
    expect(location.href).not.toContain('access_token');
  });

  it('/userinfo refuses an access token in the query string (401)', async () => {
    const { server } = createTestServer();
    const { access_token } = await signInForTokens(server);
    const inQuery = await server.app.request(`${AUTH}/userinfo?access_token=${access_token}`);
    expect(inQuery.status).toBe(401);
    const inHeader = await server.app.request(`${AUTH}/userinfo`, {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(inHeader.status).toBe(200);
  });
});
