/**
 * Auth0's own browser SDK, auth0-js 10, against this server, unchanged: WebAuth.authorize,
 * parseHash (which verifies the ID token: RS256 via /.well-known/jwks.json, iss with its
 * trailing slash, aud, nonce, at_hash) and checkSession (web_message in a hidden iframe). Node
 * has no browser, so a small fake window stands in: storage, the iframe, postMessage.
 */
import auth0, { type Auth0Error, type Auth0Result, type WebAuth } from 'auth0-js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SPA_CLIENT_ID } from '../../protocol/defaults.ts';
import { OFFLINE_ACCESS_SCOPE } from '../../protocol/oauth.ts';
import {
  ALICE,
  API_AUDIENCE,
  AUTH,
  browse,
  CALLBACK,
  CookieJar,
  createTestServer,
  ISSUER,
  postedMessage,
  SPA_ORIGIN,
  submitLogin,
} from '../testSupport/testServer.ts';

type Listener = (event: { data: unknown; origin: string }) => void;

interface FakeBrowser {
  /** Where the page last navigated (auth0-js assigns window.location). */
  navigatedTo(): string;
  /** The app's page loads again at this URL (after the redirect back). */
  landOn(url: string): void;
  /** Called with each URL a hidden iframe loads; posts what the page would post. */
  onFrame: (url: string) => Promise<void>;
  dispatchMessage(data: unknown, origin: string): void;
}

function installFakeBrowser(): FakeBrowser {
  const storage = new Map<string, string>();
  const listeners = new Set<Listener>();
  let location: unknown = { href: CALLBACK, origin: SPA_ORIGIN, hostname: 'localhost', hash: '' };
  const browser: FakeBrowser = {
    navigatedTo: () => (typeof location === 'string' ? location : ''),
    landOn: (url) => {
      const { href, origin, hostname, hash } = new URL(url);
      location = { href, origin, hostname, hash };
    },
    onFrame: async () => undefined,
    dispatchMessage: (data, origin) => {
      for (const listener of [...listeners]) listener({ data, origin });
    },
  };
  const body = {
    appendChild(frame: { src?: string }) {
      return frame;
    },
    removeChild: () => undefined,
  };
  const document = {
    cookie: '',
    body,
    createElement: () => {
      const frame = {
        style: {},
        parentNode: body,
        set src(url: string) {
          void browser.onFrame(url);
        },
      };
      return frame;
    },
  };
  const fakeWindow = {
    get location() {
      return location;
    },
    set location(value: unknown) {
      location = value;
    },
    origin: SPA_ORIGIN,
    crypto: globalThis.crypto,
    document,
    localStorage: {
      getItem: (key: string) => storage.get(key) ?? null,
      setItem: (key: string, value: string) => storage.set(key, String(value)),
      removeItem: (key: string) => storage.delete(key),
    },
    addEventListener: (type: string, listener: Listener) => {
      if (type === 'message') listeners.add(listener);
    },
    removeEventListener: (_type: string, listener: Listener) => listeners.delete(listener),
  };
  vi.stubGlobal('window', fakeWindow);
  vi.stubGlobal('document', document);
  return browser;
}

const promisify =
  (run: (callback: (error: Auth0Error | null, result: Auth0Result | null) => void) => void) => () =>
    new Promise<Auth0Result>((resolve, reject) =>
      run((error, result) =>
        error || !result ? reject(error ?? new Error('no result')) : resolve(result),
      ),
    );

describe('auth0-js 10 against the bundled server', () => {
  let browser: FakeBrowser;
  let setup: ReturnType<typeof createTestServer>;
  let webAuth: WebAuth;
  let jar: CookieJar;

  beforeEach(() => {
    setup = createTestServer();
    jar = new CookieJar();
    browser = installFakeBrowser();
    // idtoken-verifier fetches the JWKS with the global fetch.
    vi.stubGlobal('fetch', (input: string | URL | Request, init?: RequestInit) =>
      setup.server.app.request(input instanceof Request ? input.url : String(input), init),
    );
    webAuth = new auth0.WebAuth({
      domain: AUTH,
      clientID: SPA_CLIENT_ID,
      redirectUri: CALLBACK,
      responseType: 'token id_token',
      scope: `openid profile email ${OFFLINE_ACCESS_SCOPE}`,
      audience: API_AUDIENCE,
      // auth0-js assumes https://<domain>/; the lab runs on http.
      overrides: { __token_issuer: ISSUER },
      __tryLocalStorageFirst: true,
      __clock: () => new Date(setup.clock.now()),
    });
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  /** authorize() navigates; the user signs in on the hosted page; the server redirects back. */
  async function authorizeAndSignIn(): Promise<string> {
    webAuth.authorize();
    const authorizeUrl = browser.navigatedTo();
    const sent = new URL(authorizeUrl);
    expect(sent.searchParams.get('response_type')).toBe('token id_token');
    expect(sent.searchParams.get('nonce')).toBeTruthy();
    expect(sent.searchParams.get('auth0Client')).toBeTruthy();
    const start = await browse(setup.server, jar, authorizeUrl);
    const posted = await submitLogin(setup.server, jar, start.headers.get('location') ?? '', ALICE);
    const resumed = await browse(setup.server, jar, posted.headers.get('location') ?? '');
    const callback = resumed.headers.get('location') ?? '';
    browser.landOn(callback);
    return callback;
  }

  it('signs in with authorize + parseHash, which verifies the ID token and at_hash', async () => {
    const callback = await authorizeAndSignIn();
    expect(callback.startsWith(`${CALLBACK}#`)).toBe(true);
    const hash = new URL(callback).hash;
    const result = await promisify((done) => webAuth.parseHash({ hash }, done))();
    expect(result.accessToken).toBeTruthy();
    expect(result.idTokenPayload).toMatchObject({
      sub: ALICE.sub,
      iss: ISSUER,
      aud: SPA_CLIENT_ID,
    });
    expect(result.idTokenPayload?.at_hash).toEqual(expect.any(String));
    expect(result.expiresIn).toBe(86_400);
    // offline_access was asked for: implicit never gets a refresh token.
    expect(result.refreshToken).toBeNull();
    expect(result.scope).not.toContain(OFFLINE_ACCESS_SCOPE);
  });

  it('parseHash refuses a tampered access token (at_hash)', async () => {
    const callback = await authorizeAndSignIn();
    const params = new URLSearchParams(new URL(callback).hash.slice(1));
    params.set('access_token', `${params.get('access_token')}x`);
    await expect(
      promisify((done) => webAuth.parseHash({ hash: `#${params}` }, done))(),
    ).rejects.toMatchObject({ error: 'invalid_token' });
  });

  it('renews with checkSession (web_message, prompt=none) and verifies the new tokens', async () => {
    await authorizeAndSignIn();
    let frameUrl = '';
    browser.onFrame = async (url) => {
      frameUrl = url;
      const page = await browse(setup.server, jar, url);
      browser.dispatchMessage(postedMessage(await page.text()).message, AUTH);
    };
    setup.clock.advance(60_000);
    const result = await promisify((done) => webAuth.checkSession({}, done))();
    const sent = new URL(frameUrl);
    expect(sent.searchParams.get('response_mode')).toBe('web_message');
    expect(sent.searchParams.get('prompt')).toBe('none');
    expect(result.accessToken).toBeTruthy();
    expect(result.idTokenPayload).toMatchObject({ sub: ALICE.sub });
  });

  it('checkSession reports login_required without a session', async () => {
    browser.onFrame = async (url) => {
      const page = await setup.server.app.request(url);
      browser.dispatchMessage(postedMessage(await page.text()).message, AUTH);
    };
    await expect(promisify((done) => webAuth.checkSession({}, done))()).rejects.toMatchObject({
      error: 'login_required',
    });
  });
});
