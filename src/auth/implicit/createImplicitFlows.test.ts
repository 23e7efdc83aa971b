import { InMemoryWebStorage } from 'oidc-client-ts';
import { describe, expect, it, vi } from 'vitest';
import { classifyAuthFailure } from '../authFailure.ts';
import { LoginFailedError } from '../authFlows.ts';
import { readClientSettings } from '../clientSettings.ts';
import { createCodeFlows } from '../codeFlows.ts';
import { COOKIES_BLOCKED } from '../testSupport/cookieProbeResults.ts';
import { accessTokenHash } from './accessTokenHash.ts';
import { createImplicitFlows, type ImplicitFlowsOptions } from './createImplicitFlows.ts';
import { ImplicitFlowError } from './implicitFlowError.ts';
import {
  AUTH_ORIGIN,
  fakeBrowser,
  NOW,
  nonceOf,
  PROVIDER_METADATA,
  SPA_ORIGIN,
  serverKeys,
  signIdToken,
  stateOf,
  webMessageAnswer,
} from './testSupport.ts';

const settings = readClientSettings(undefined, SPA_ORIGIN);

async function tokenResponse(
  requestUrl: string,
  overrides: Record<string, string> = {},
  claims: Record<string, unknown> = {},
) {
  const accessToken = `access-token-${Math.random()}`;
  return {
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: '60',
    scope: 'openid profile email read:profile read:orders',
    id_token: await signIdToken({
      nonce: nonceOf(requestUrl),
      at_hash: await accessTokenHash(accessToken),
      ...claims,
    }),
    state: stateOf(requestUrl),
    ...overrides,
  };
}

function setUp(options: ImplicitFlowsOptions = {}) {
  const browser = fakeBrowser();
  const redirects: string[] = [];
  const ignored: string[] = [];
  const flows = createImplicitFlows(settings, {
    window: browser.window,
    now: () => NOW,
    fetch: async () => Response.json(PROVIDER_METADATA),
    getKey: async () => serverKeys.publicKey,
    redirect: async (url) => void redirects.push(url),
    onIgnoredMessage: (reason) => ignored.push(reason),
    ...options,
  });
  return { browser, flows, redirects, ignored };
}

/** Sign-in by redirect: the login page sends the browser back to /callback#tokens. */
async function signIn(
  { browser, flows, redirects }: ReturnType<typeof setUp>,
  overrides: Record<string, string> = {},
) {
  await flows.startLogin('/profile');
  const request = redirects.at(-1) ?? '';
  const callback = `${SPA_ORIGIN}/callback#${new URLSearchParams(await tokenResponse(request, overrides))}`;
  browser.location.href = callback;
  return { request, callback };
}

describe('createImplicitFlows: sign-in by redirect', () => {
  it('signs in with the fragment, removes it from the URL and keeps the tokens in memory', async () => {
    const setup = setUp();
    const { request, callback } = await signIn(setup);
    expect(new URL(request).searchParams.get('response_type')).toBe('id_token token');
    // The transaction waits in sessionStorage during the redirect.
    expect([...setup.browser.sessionStorage.keys()]).toHaveLength(1);

    const { session, returnPath } = await setup.flows.finishLogin(callback);
    expect(returnPath).toBe('/profile');
    expect(session).toMatchObject({ sub: 'auth0|alice', accessTokenExpiresAt: NOW + 60_000 });
    expect(setup.browser.location.href).toBe(`${SPA_ORIGIN}/callback`);
    expect(setup.browser.sessionStorage.size).toBe(0);
    expect(await setup.flows.accessToken()).toMatch(/^access-token-/);
  });

  it('refuses the same response twice (the transaction is used once)', async () => {
    const setup = setUp();
    const { callback } = await signIn(setup);
    await setup.flows.finishLogin(callback);
    const error = await setup.flows.finishLogin(callback).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LoginFailedError);
    expect((error as LoginFailedError).failure.reason).toBe('invalid_state');
  });

  it('stores nothing when a check fails, and says which', async () => {
    const setup = setUp();
    const { callback } = await signIn(setup, {
      id_token: await signIdToken({ iss: 'http://127.0.0.1:4400/' }),
    });
    const error = await setup.flows.finishLogin(callback).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LoginFailedError);
    expect((error as LoginFailedError).returnPath).toBe('/profile');
    expect((error as LoginFailedError).failure).toMatchObject({ reason: 'invalid_response' });
    expect((error as LoginFailedError).failure.description).toContain('id_token_wrong_issuer');
    expect(setup.browser.location.hash).toBe('');
    expect(await setup.flows.accessToken()).toBeNull();
  });

  it('reports the error the server sent instead of tokens', async () => {
    const setup = setUp();
    await setup.flows.startLogin('/');
    const state = stateOf(setup.redirects[0] ?? '');
    const error = await setup.flows
      .finishLogin(`${SPA_ORIGIN}/callback#error=access_denied&state=${state}`)
      .catch((caught: unknown) => caught);
    expect((error as LoginFailedError).failure).toMatchObject({
      reason: 'oauth_error',
      error: 'access_denied',
    });
  });
});

describe('createImplicitFlows: renewal by checkSession in the hidden frame', () => {
  it('accepts only the answer from its frame, the server origin and this state', async () => {
    const setup = setUp();
    await setup.flows.finishLogin((await signIn(setup)).callback);
    const oldToken = await setup.flows.accessToken();

    const renewal = setup.flows.renewSilently('web_message');
    const frame = await setup.browser.sentFrame();
    expect(new URL(frame.url).searchParams.get('id_token_hint')).toMatch(/^eyJ/);
    const genuine = webMessageAnswer(frame.url, await tokenResponse(frame.url));
    setup.browser.post({ ...genuine, source: {} });
    setup.browser.post({ ...genuine, source: frame.contentWindow, origin: 'https://evil.example' });
    setup.browser.post({
      ...webMessageAnswer(frame.url, await tokenResponse(frame.url, { state: 'guessed' })),
      source: frame.contentWindow,
    });
    setup.browser.post({ ...genuine, source: frame.contentWindow });

    await expect(renewal).resolves.toMatchObject({ sub: 'auth0|alice' });
    expect(await setup.flows.accessToken()).not.toBe(oldToken);
    expect(frame.removed).toBe(true);
    expect(setup.ignored).toEqual([
      'an authorization response from a window other than our frame',
      'an authorization response from the wrong origin https://evil.example',
      'an authorization response whose state does not match the request',
    ]);

    // The same answer again, late: counted, never used.
    setup.browser.post({ ...genuine, source: frame.contentWindow });
    expect(setup.ignored).toHaveLength(4);
  });

  it('keeps the old tokens and diagnoses blocked cookies when the server says login_required', async () => {
    const setup = setUp({ probeCookies: async () => COOKIES_BLOCKED });
    await setup.flows.finishLogin((await signIn(setup)).callback);
    const oldToken = await setup.flows.accessToken();

    const renewal = setup.flows.renewSilently('web_message').catch((caught: unknown) => caught);
    const frame = await setup.browser.sentFrame();
    setup.browser.post({
      ...webMessageAnswer(frame.url, { error: 'login_required' }),
      source: frame.contentWindow,
    });
    expect(classifyAuthFailure(await renewal)).toMatchObject({
      reason: 'third_party_cookies_blocked',
    });
    expect(await setup.flows.accessToken()).toBe(oldToken);
  });

  it('refuses a renewal that switches the user', async () => {
    const setup = setUp();
    await setup.flows.finishLogin((await signIn(setup)).callback);
    const renewal = setup.flows.renewSilently('web_message').catch((caught: unknown) => caught);
    const frame = await setup.browser.sentFrame();
    const bobs = await tokenResponse(frame.url, {}, { sub: 'auth0|bob' });
    setup.browser.post({ ...webMessageAnswer(frame.url, bobs), source: frame.contentWindow });
    const error = await renewal;
    expect(error).toBeInstanceOf(ImplicitFlowError);
    expect((error as ImplicitFlowError).code).toBe('id_token_subject_changed');
    expect(await setup.flows.accessToken()).not.toBe(bobs.access_token);
  });
});

describe('createImplicitFlows: tabs and logout', () => {
  it('hands its tokens to another tab, which checks them before keeping them', async () => {
    const first = setUp();
    await first.flows.finishLogin((await signIn(first)).callback);
    const shared = await first.flows.exportTokens();
    expect(shared).not.toContain('refresh_token');

    const second = setUp();
    const accept = vi.fn(() => true);
    await second.flows.adoptTokens(shared ?? '', accept);
    expect(accept).toHaveBeenCalledWith(expect.objectContaining({ sub: 'auth0|alice' }));
    expect(await second.flows.accessToken()).toBe(await first.flows.accessToken());

    const forged = JSON.stringify({ ...JSON.parse(shared ?? ''), id_token: 'x.y.z' });
    await expect(setUp().flows.adoptTokens(forged, () => true)).rejects.toThrow();
  });

  it('shares tokens with a tab on the code flow, both ways (oidc-client-ts User shape)', async () => {
    const implicitTab = setUp();
    await implicitTab.flows.finishLogin((await signIn(implicitTab)).callback);
    const accessToken = await implicitTab.flows.accessToken();

    // A code-flow tab with DPoP off: implicit tokens are bearer tokens, and so are these.
    const codeTab = createCodeFlows(
      { ...settings, dpop: false },
      {
        stateStorage: new InMemoryWebStorage(),
        now: () => NOW,
      },
    );
    const accept = vi.fn(() => true);
    await codeTab.adoptTokens?.((await implicitTab.flows.exportTokens()) ?? '', accept);
    expect(accept).toHaveBeenCalledWith(
      expect.objectContaining({ sub: 'auth0|alice', accessTokenExpiresAt: NOW + 60_000 }),
    );
    expect(await codeTab.accessToken()).toBe(accessToken);

    const anotherImplicitTab = setUp();
    await anotherImplicitTab.flows.adoptTokens((await codeTab.exportTokens?.()) ?? '', () => true);
    expect(await anotherImplicitTab.flows.accessToken()).toBe(accessToken);
    expect(await anotherImplicitTab.flows.exportTokens()).not.toContain('refresh_token');
  });

  it('forgets the tokens and sends the browser to the end-session endpoint', async () => {
    const setup = setUp();
    await setup.flows.finishLogin((await signIn(setup)).callback);
    await setup.flows.startLogout();
    const logout = new URL(setup.redirects.at(-1) ?? '');
    expect(`${logout.origin}${logout.pathname}`).toBe(`${AUTH_ORIGIN}/oidc/logout`);
    expect(logout.searchParams.get('id_token_hint')).toMatch(/^eyJ/);
    expect(logout.searchParams.get('post_logout_redirect_uri')).toBe(`${SPA_ORIGIN}/`);
    expect(await setup.flows.accessToken()).toBeNull();
  });
});
