/**
 * The implicit client against the real bundled server, in process (app.request, no sockets):
 * its ID tokens pass every check, its at_hash matches, and it never sends a refresh token.
 */
import { createRemoteJWKSet, customFetch, decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  AUTH,
  BOB,
  browse,
  CookieJar,
  createTestServer,
  postedMessage,
  submitLogin,
  type TestServer,
} from '../../server/testSupport/testServer.ts';
import { classifyAuthFailure } from '../authFailure.ts';
import { readClientSettings } from '../clientSettings.ts';
import {
  buildImplicitAuthorizeUrl,
  type ImplicitResponseType,
} from './buildImplicitAuthorizeUrl.ts';
import { createImplicitFlows } from './createImplicitFlows.ts';
import { parseImplicitResponse } from './parseImplicitResponse.ts';
import { createReplayGuard } from './replayGuard.ts';
import { fakeBrowser, SPA_ORIGIN } from './testSupport.ts';
import type { IdTokenVerifier } from './verifyImplicitIdToken.ts';

const settings = readClientSettings(undefined, SPA_ORIGIN);

const serverFetch = ({ server }: TestServer) =>
  ((input: string | URL | Request, init?: RequestInit) =>
    server.app.request(
      input instanceof Request ? input.url : String(input),
      init,
    )) as unknown as typeof fetch;

function verifierFor(test: TestServer): IdTokenVerifier {
  return {
    issuer: settings.issuer,
    clientId: settings.clientId,
    getKey: createRemoteJWKSet(new URL(`${AUTH}/.well-known/jwks.json`), {
      [customFetch]: serverFetch(test),
    }),
    replayGuard: createReplayGuard(),
    now: test.clock.now,
  };
}

/** The browser at the login page and back: the final redirect to the SPA. */
async function signInAt(test: TestServer, jar: CookieJar, url: string, user = BOB) {
  const start = await browse(test.server, jar, url);
  const login = start.headers.get('location') ?? '';
  expect(login).toMatch(/^\/u\/login/);
  const posted = await submitLogin(test.server, jar, login, user);
  const resumed = await browse(test.server, jar, posted.headers.get('location') ?? '');
  return new URL(resumed.headers.get('location') ?? '', AUTH);
}

describe('implicit sign-in against the bundled server', () => {
  it.each<ImplicitResponseType>(['id_token token', 'id_token', 'token'])(
    'response_type=%s: the fragment passes every check',
    async (responseType) => {
      const test = createTestServer();
      const { url, transaction } = buildImplicitAuthorizeUrl(settings, { responseType });
      const callback = await signInAt(test, new CookieJar(), url);
      expect(`${callback.origin}${callback.pathname}`).toBe(settings.redirectUri);
      expect(callback.search).toBe('');

      const tokens = await parseImplicitResponse(callback.hash, transaction, verifierFor(test));
      if (responseType !== 'token') {
        expect(tokens.idTokenClaims).toMatchObject({
          iss: 'http://localhost:4400/',
          aud: settings.clientId,
          sub: BOB.sub,
          nonce: transaction.nonce,
        });
      }
      if (responseType === 'id_token token') {
        // The server's at_hash (node:crypto) equals ours (crypto.subtle): checked, not just present.
        expect(tokens.idTokenClaims?.at_hash).toEqual(expect.any(String));
      }
      if (responseType !== 'id_token') {
        expect(decodeJwt(tokens.accessToken ?? '').aud).toContain(settings.audience);
        expect(tokens.accessTokenExpiresAt).toBeGreaterThan(test.clock.now());
      }
    },
  );

  it('drops offline_access silently: no refresh token in the fragment', async () => {
    const test = createTestServer();
    const { url, transaction } = buildImplicitAuthorizeUrl(settings, {
      responseType: 'id_token token',
    });
    const withOffline = new URL(url);
    withOffline.searchParams.set('scope', `${settings.scope} offline_access`);
    const callback = await signInAt(test, new CookieJar(), withOffline.href);
    const fragment = new URLSearchParams(callback.hash.slice(1));
    expect(fragment.has('refresh_token')).toBe(false);
    expect(fragment.get('scope')).not.toContain('offline_access');
    await expect(
      parseImplicitResponse(callback.hash, transaction, verifierFor(test)),
    ).resolves.toMatchObject({ idTokenClaims: { sub: BOB.sub } });
  });

  it('refuses the real server’s token for another request (nonce)', async () => {
    const test = createTestServer();
    const { url, transaction } = buildImplicitAuthorizeUrl(settings, {
      responseType: 'id_token token',
    });
    const callback = await signInAt(test, new CookieJar(), url);
    await expect(
      parseImplicitResponse(
        callback.hash,
        { ...transaction, nonce: 'nonce-of-another-request' },
        verifierFor(test),
      ),
    ).rejects.toMatchObject({ code: 'nonce_mismatch' });
  });
});

describe('checkSession against the bundled server', () => {
  /** The app's flows, with the server answering the hidden frame's navigation. */
  async function signedInApp() {
    const test = createTestServer();
    const jar = new CookieJar();
    const browser = fakeBrowser();
    const redirects: string[] = [];
    const ignored: string[] = [];
    const flows = createImplicitFlows(settings, {
      window: browser.window,
      now: test.clock.now,
      fetch: serverFetch(test),
      redirect: async (url) => void redirects.push(url),
      onIgnoredMessage: (reason) => ignored.push(reason),
    });
    await flows.startLogin('/api');
    const callback = await signInAt(test, jar, redirects[0] ?? '');
    browser.location.href = callback.href;
    const { session } = await flows.finishLogin(callback.href);

    /** One renewal: the frame loads the server's page, which posts its message to us. */
    const renew = async () => {
      const renewal = flows.renewSilently('web_message').catch((error: unknown) => error);
      const frame = await browser.sentFrame();
      const page = await browse(test.server, jar, frame.url, {
        headers: { 'Sec-Fetch-Dest': 'iframe' },
      });
      expect(page.headers.get('content-security-policy')).toContain(
        `frame-ancestors ${SPA_ORIGIN}`,
      );
      const { message: data, targetOrigin } = postedMessage(await page.text());
      expect(targetOrigin).toBe(SPA_ORIGIN);
      browser.post({ origin: AUTH, source: frame.contentWindow, data });
      return renewal;
    };
    return { test, flows, session, renew, ignored, browser };
  }

  it('renews past the access token’s expiry with fresh, checked tokens', async () => {
    const app = await signedInApp();
    const firstToken = await app.flows.accessToken();
    app.test.clock.advance(app.session.accessTokenExpiresAt - app.test.clock.now() + 1_000);

    const renewed = await app.renew();
    expect(renewed).toMatchObject({ sub: BOB.sub });
    expect((renewed as { accessTokenExpiresAt: number }).accessTokenExpiresAt).toBeGreaterThan(
      app.test.clock.now(),
    );
    expect(await app.flows.accessToken()).not.toBe(firstToken);
    expect(app.ignored).toEqual([]);
  });

  it('says login_required once the server session has ended, keeping nothing new', async () => {
    const app = await signedInApp();
    const token = await app.flows.accessToken();
    app.test.server.control.endSessions();
    expect(classifyAuthFailure(await app.renew())).toMatchObject({
      reason: 'login_required',
      error: 'login_required',
    });
    expect(await app.flows.accessToken()).toBe(token);
  });
});
