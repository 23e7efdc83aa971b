import { createHash } from 'node:crypto';
import { InMemoryWebStorage, type NavigateParams } from 'oidc-client-ts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { proofKeyThumbprint } from '../dpop/proofKeyThumbprint.ts';
import { LoginFailedError } from './authFlows.ts';
import { readClientSettings } from './clientSettings.ts';
import { createCodeFlows, oidcClientSettings } from './codeFlows.ts';
import type { CookieProbeResult } from './cookieProbe.ts';
import { decodeJwtClaims } from './decodeJwtClaims.ts';
import type { DpopKeyStore } from './dpopKeyStore.ts';
import { dpopThumbprint } from './dpopThumbprint.ts';
import { COOKIES_BLOCKED } from './testSupport/cookieProbeResults.ts';
import { memoryDpopKeyStore } from './testSupport/memoryDpopKeyStore.ts';
import { idTokenFor } from './testSupport/testTokens.ts';

const SPA = 'http://localhost:5173';
const AUTH = 'http://localhost:4400';
// Bearer tokens here; the DPoP tests at the end turn it on (the app's default).
const settings = readClientSettings({ dpop: false }, SPA);

const METADATA = {
  issuer: `${AUTH}/`,
  authorization_endpoint: `${AUTH}/authorize`,
  token_endpoint: `${AUTH}/oauth/token`,
  end_session_endpoint: `${AUTH}/oidc/logout`,
  jwks_uri: `${AUTH}/.well-known/jwks.json`,
};

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

let tokenRequests: URLSearchParams[];
let tokenHeaders: Headers[];
let tokenResponse: (request: URLSearchParams) => Response;

beforeEach(() => {
  tokenRequests = [];
  tokenHeaders = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
      const url = String(input instanceof Request ? input.url : input);
      if (url === `${AUTH}/.well-known/openid-configuration`) return json(METADATA);
      if (url === METADATA.token_endpoint && init?.method === 'POST') {
        const body = new URLSearchParams(String(init.body));
        tokenRequests.push(body);
        tokenHeaders.push(new Headers(init.headers));
        return tokenResponse(body);
      }
      return json({ error: 'not_found' }, 404);
    }),
  );
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

/** What the server answers a silent request with, given its authorize URL. */
type SilentAnswer = (authorize: URL) => Record<string, string>;

function setup(
  options: {
    silentAnswer?: SilentAnswer;
    probeCookies?: () => Promise<CookieProbeResult | null>;
    dpopKeys?: DpopKeyStore;
  } = {},
) {
  const stateStorage = new InMemoryWebStorage();
  // Records where the browser would have been sent, instead of sending it.
  const redirects: string[] = [];
  const silentRequests: { transport: string; url: URL }[] = [];
  const flows = createCodeFlows(options.dpopKeys ? { ...settings, dpop: true } : settings, {
    stateStorage,
    dpopKeys: options.dpopKeys,
    redirect: async (url) => {
      redirects.push(url);
    },
    probeCookies: options.probeCookies,
    // Plays the hidden frame: the server's answer comes straight back as a callback URL.
    openSilentWindow: (transport) => ({
      navigate: async (params: NavigateParams) => {
        const url = new URL(params.url);
        silentRequests.push({ transport: transport.name, url });
        const answer = options.silentAnswer?.(url) ?? { code: 'silent-code' };
        const query = new URLSearchParams({
          ...answer,
          state: url.searchParams.get('state') ?? '',
        });
        return { url: `${settings.silentRedirectUri}?${query}` };
      },
      close: () => {},
    }),
  });
  return { flows, stateStorage, redirects, silentRequests };
}

async function startLogin(returnPath = '/profile', options: Parameters<typeof setup>[0] = {}) {
  const context = setup(options);
  await context.flows.startLogin(returnPath);
  const authorize = new URL(context.redirects[0] ?? '');
  const params = authorize.searchParams;
  tokenResponse = () =>
    json({
      access_token: 'access-token-1',
      id_token: idTokenFor({ nonce: params.get('nonce') }),
      token_type: 'Bearer',
      expires_in: 60,
      scope: 'openid profile email read:profile read:orders',
    });
  const callback = (query: Record<string, string>) =>
    `${SPA}/callback?${new URLSearchParams({ state: params.get('state') ?? '', ...query })}`;
  return { ...context, authorize, params, callback };
}

const storedValues = (storage: InMemoryWebStorage) =>
  Array.from({ length: storage.length }, (_, index) => storage.getItem(storage.key(index))).join(
    '\n',
  );

describe('oidcClientSettings', () => {
  it('asks for code + PKCE and nothing the SPA does not use', () => {
    const options = oidcClientSettings(settings, new InMemoryWebStorage());
    expect(options).toMatchObject({
      authority: 'http://localhost:4400/',
      client_id: 'silent-auth-lab-spa',
      response_type: 'code',
      redirect_uri: 'http://localhost:5173/callback',
      post_logout_redirect_uri: 'http://localhost:5173/',
      loadUserInfo: false,
    });
    expect(options.scope?.split(' ')).not.toContain('offline_access');
    expect(options.disablePKCE).toBeFalsy();
  });
});

describe('createCodeFlows: login', () => {
  it('sends the browser to /authorize with code, PKCE S256, state, nonce and the API audience', async () => {
    const { authorize, params } = await startLogin();
    expect(`${authorize.origin}${authorize.pathname}`).toBe(METADATA.authorization_endpoint);
    expect(params.get('response_type')).toBe('code');
    expect(params.get('client_id')).toBe('silent-auth-lab-spa');
    expect(params.get('redirect_uri')).toBe('http://localhost:5173/callback');
    expect(params.get('scope')).toBe('openid profile email read:profile read:orders');
    expect(params.get('audience')).toBe('http://localhost:4401/');
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(params.get('state')).toBeTruthy();
    // A random UUID: 122 random bits, unguessable and new for every request.
    expect(params.get('nonce')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(params.has('prompt')).toBe(false);
  });

  it('keeps the return path in the stored state, not in the URL', async () => {
    const { authorize, stateStorage } = await startLogin('/api?tab=orders');
    expect(authorize.href).not.toContain('tab');
    expect(storedValues(stateStorage)).toContain('/api?tab=orders');
  });

  it('exchanges the code with its verifier and returns the session and return path', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: 1_700_000_000_000 });
    const { flows, callback, stateStorage } = await startLogin('/api');
    const { session, returnPath } = await flows.finishLogin(callback({ code: 'code-1' }));
    expect(returnPath).toBe('/api');
    expect(session).toMatchObject({
      sub: 'auth0|alice',
      email: 'alice@example.com',
      accessTokenExpiresAt: 1_700_000_060_000,
    });
    const [request] = tokenRequests;
    expect(request?.get('grant_type')).toBe('authorization_code');
    expect(request?.get('code')).toBe('code-1');
    expect(request?.get('redirect_uri')).toBe('http://localhost:5173/callback');
    expect(request?.get('code_verifier')).toMatch(/^[A-Za-z0-9._~-]{43,128}$/);
    expect(await flows.accessToken()).toBe('access-token-1');
    // The request is consumed and no token ever went to sessionStorage.
    expect(stateStorage.length).toBe(0);
  });

  it('keeps the tokens in memory only, and never a refresh token', async () => {
    const { flows, callback, params, stateStorage } = await startLogin();
    tokenResponse = () =>
      json({
        access_token: 'access-token-1',
        refresh_token: 'refresh-token-1',
        id_token: idTokenFor({ nonce: params.get('nonce') }),
        token_type: 'Bearer',
        expires_in: 60,
      });
    await flows.finishLogin(callback({ code: 'code-1' }));
    const held = (await flows.exportTokens?.()) ?? '';
    expect(held).toContain('access-token-1');
    expect(held).not.toContain('refresh-token-1');
    expect(storedValues(stateStorage)).not.toContain('access-token-1');
  });

  it('reports the OAuth error of an error response, with the return path', async () => {
    const { flows, callback } = await startLogin('/api');
    const error = await flows
      .finishLogin(callback({ error: 'access_denied', error_description: 'The user said no' }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LoginFailedError);
    expect(error).toMatchObject({
      returnPath: '/api',
      failure: { reason: 'oauth_error', error: 'access_denied', description: 'The user said no' },
    });
    expect(tokenRequests).toHaveLength(0);
  });

  it('reports a failed code exchange (e.g. a replayed code) and forgets any tokens', async () => {
    const { flows, callback } = await startLogin('/profile');
    tokenResponse = () =>
      json({ error: 'invalid_grant', error_description: 'Code already used' }, 400);
    const error = await flows.finishLogin(callback({ code: 'used' })).catch((e: unknown) => e);
    expect(error).toMatchObject({
      returnPath: '/profile',
      failure: { reason: 'oauth_error', error: 'invalid_grant', description: 'Code already used' },
    });
    expect(await flows.accessToken()).toBeNull();
  });

  it('refuses a response to a request this browser never made', async () => {
    const { flows } = setup();
    const error = await flows
      .finishLogin(`${SPA}/callback?code=stolen&state=guessed`)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ returnPath: '/', failure: { reason: 'invalid_state' } });
    expect(tokenRequests).toHaveLength(0);
  });

  it('keeps the error code of an unmatched error response', async () => {
    const { flows } = setup();
    const error = await flows
      .finishLogin(`${SPA}/callback?error=access_denied`)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ failure: { reason: 'invalid_state', error: 'access_denied' } });
  });

  it('refuses an ID token whose nonce is not ours', async () => {
    const { flows, callback } = await startLogin();
    tokenResponse = () =>
      json({
        access_token: 'a',
        id_token: idTokenFor({ nonce: 'other' }),
        token_type: 'Bearer',
        expires_in: 60,
      });
    const error = await flows.finishLogin(callback({ code: 'c' })).catch((e: unknown) => e);
    expect(error).toMatchObject({ failure: { reason: 'invalid_response' } });
  });

  it('refuses an ID token from another issuer', async () => {
    const { flows, callback, params } = await startLogin();
    tokenResponse = () =>
      json({
        access_token: 'a',
        id_token: idTokenFor({ nonce: params.get('nonce'), iss: 'http://127.0.0.1:4400/' }),
        token_type: 'Bearer',
        expires_in: 60,
      });
    const error = await flows.finishLogin(callback({ code: 'c' })).catch((e: unknown) => e);
    expect(error).toMatchObject({ failure: { reason: 'invalid_response' } });
    expect(await flows.accessToken()).toBeNull();
  });
});

describe('createCodeFlows: logout', () => {
  it('sends the browser to end_session with id_token_hint and forgets the tokens', async () => {
    const { flows, callback, redirects, params } = await startLogin();
    await flows.finishLogin(callback({ code: 'c' }));
    await flows.startLogout();
    const logout = new URL(redirects[1] ?? '');
    expect(`${logout.origin}${logout.pathname}`).toBe(METADATA.end_session_endpoint);
    expect(logout.searchParams.get('id_token_hint')).toBe(
      idTokenFor({ nonce: params.get('nonce') }),
    );
    expect(logout.searchParams.get('post_logout_redirect_uri')).toBe('http://localhost:5173/');
    expect(logout.searchParams.has('audience')).toBe(false);
    expect(await flows.accessToken()).toBeNull();
  });
});

describe('createCodeFlows: silent renewal', () => {
  /** Token responses echo the nonce of the last authorize request, as a server would. */
  const answerTokens = (nonceOf: () => string | null, overrides: Record<string, unknown> = {}) => {
    tokenResponse = () =>
      json({
        access_token: `access-token-${tokenRequests.length}`,
        id_token: idTokenFor({ nonce: nonceOf(), ...overrides }),
        token_type: 'Bearer',
        expires_in: 60,
      });
  };

  async function signedIn(options: Parameters<typeof setup>[0] = {}) {
    const context = await startLogin('/', options);
    await context.flows.finishLogin(context.callback({ code: 'code-1' }));
    const lastNonce = () => context.silentRequests.at(-1)?.url.searchParams.get('nonce') ?? null;
    answerTokens(lastNonce);
    return { ...context, lastNonce };
  }

  it.each([
    ['iframe', null],
    ['web_message', 'web_message'],
  ] as const)(
    'renews through %s with prompt=none, PKCE and the API audience',
    async (name, responseMode) => {
      const { flows, silentRequests } = await signedIn();
      const session = await flows.renewSilently(name);
      const { transport, url } = silentRequests[0] ?? { transport: '', url: new URL('http://x') };
      expect(transport).toBe(name);
      expect(url.searchParams.get('prompt')).toBe('none');
      expect(url.searchParams.get('response_mode')).toBe(responseMode);
      expect(url.searchParams.get('redirect_uri')).toBe(
        'http://localhost:5173/silent-callback.html',
      );
      expect(url.searchParams.get('audience')).toBe('http://localhost:4401/');
      expect(url.searchParams.get('code_challenge_method')).toBe('S256');
      expect(url.searchParams.get('id_token_hint')).toBeTruthy();
      expect(url.searchParams.get('scope')).not.toContain('offline_access');
      expect(tokenRequests.at(-1)?.get('redirect_uri')).toBe(
        'http://localhost:5173/silent-callback.html',
      );
      expect(tokenRequests.at(-1)?.get('code')).toBe('silent-code');
      expect(session.sub).toBe('auth0|alice');
      expect(await flows.accessToken()).toBe('access-token-2');
    },
  );

  it('reports login_required from the server', async () => {
    const { flows } = await signedIn({ silentAnswer: () => ({ error: 'login_required' }) });
    await expect(flows.renewSilently('iframe')).rejects.toMatchObject({
      failure: { reason: 'login_required', error: 'login_required' },
    });
    expect(await flows.accessToken()).toBe('access-token-1');
  });

  it("carries the token endpoint's Retry-After on a refused exchange, and only on that attempt", async () => {
    const { flows, lastNonce } = await signedIn();
    tokenResponse = () =>
      new Response(JSON.stringify({ error: 'too_many_requests', error_description: 'Slow down' }), {
        status: 429,
        headers: { 'Content-Type': 'application/json', 'Retry-After': '3' },
      });
    const refused = await flows.renewSilently('iframe').catch((error) => error);
    expect(refused.failure).toEqual({
      reason: 'rate_limited',
      error: 'too_many_requests',
      description: 'Slow down',
      retryAfterSeconds: 3,
      decidedBy: 'server_answer',
    });
    tokenResponse = () => json({ error: 'server_error' }, 500);
    const failed = await flows.renewSilently('iframe').catch((error) => error);
    expect(failed.failure).toEqual({
      reason: 'server_error',
      error: 'server_error',
      description: null,
      decidedBy: 'server_answer',
    });
    answerTokens(lastNonce);
    await expect(flows.renewSilently('iframe')).resolves.toMatchObject({ sub: 'auth0|alice' });
  });

  it('says third-party cookies are blocked when the probe finds the cookie missing', async () => {
    const { flows } = await signedIn({
      silentAnswer: () => ({ error: 'login_required' }),
      probeCookies: async () => COOKIES_BLOCKED,
    });
    await expect(flows.renewSilently('web_message')).rejects.toMatchObject({
      failure: { reason: 'third_party_cookies_blocked', error: 'login_required' },
    });
  });

  it('refuses tokens for another user and keeps the current ones', async () => {
    const { flows, lastNonce } = await signedIn();
    answerTokens(lastNonce, { sub: 'auth0|bob' });
    await expect(flows.renewSilently('iframe')).rejects.toMatchObject({
      failure: { error: 'login_required' },
    });
    expect(await flows.accessToken()).toBe('access-token-1');
  });

  it('refuses tokens from another issuer and keeps the current ones', async () => {
    const { flows, lastNonce } = await signedIn();
    answerTokens(lastNonce, { iss: 'http://127.0.0.1:4400/' });
    await expect(flows.renewSilently('iframe')).rejects.toMatchObject({
      failure: { reason: 'invalid_response' },
    });
    expect(await flows.accessToken()).toBe('access-token-1');
  });

  it('signs in silently with no user yet (after a reload)', async () => {
    const { flows, silentRequests } = setup();
    tokenResponse = () =>
      json({
        access_token: 'fresh',
        id_token: idTokenFor({ nonce: silentRequests.at(-1)?.url.searchParams.get('nonce') }),
        token_type: 'Bearer',
        expires_in: 60,
      });
    await expect(flows.renewSilently('iframe')).resolves.toMatchObject({ sub: 'auth0|alice' });
    expect(silentRequests[0]?.url.searchParams.has('id_token_hint')).toBe(false);
  });
});

describe('createCodeFlows: tokens shared between tabs', () => {
  /** Another tab's tokens: what its flows export after a sign-in. */
  async function exportedBy() {
    const { flows, callback, params } = await startLogin();
    tokenResponse = () =>
      json({
        access_token: 'other-tab-token',
        id_token: idTokenFor({ nonce: params.get('nonce') }),
        token_type: 'Bearer',
        expires_in: 60,
      });
    await flows.finishLogin(callback({ code: 'c' }));
    return (await flows.exportTokens?.()) ?? '';
  }

  it("adopts another tab's tokens once the store accepts their session", async () => {
    const shared = await exportedBy();
    const { flows } = setup();
    const accept = vi.fn(() => true);
    await flows.adoptTokens?.(shared, accept);
    expect(accept).toHaveBeenCalledWith(expect.objectContaining({ sub: 'auth0|alice' }));
    expect(await flows.accessToken()).toBe('other-tab-token');
  });

  it('keeps nothing when the store refuses the session (another user, not fresher)', async () => {
    const shared = await exportedBy();
    const { flows } = setup();
    await flows.adoptTokens?.(shared, () => false);
    expect(await flows.accessToken()).toBeNull();
  });

  /** Tokens as another tab would post them, made by hand (a real tab would not accept these). */
  const handMade = (claims: Record<string, unknown>, expiresIn = 60) =>
    JSON.stringify({
      id_token: idTokenFor(claims),
      access_token: 'forged',
      token_type: 'Bearer',
      profile: { sub: 'auth0|alice' },
      expires_at: Math.floor(Date.now() / 1000) + expiresIn,
    });

  it.each([
    ['another issuer', handMade({ iss: 'http://127.0.0.1:4400/' })],
    ['another client', handMade({ aud: 'someone-else' })],
    ['no user', handMade({ sub: '' })],
    ['an expired access token', handMade({}, -5)],
  ])('refuses tokens for %s, like a renewal result', async (_, shared) => {
    const { flows } = setup();
    const accept = vi.fn(() => true);
    await expect(flows.adoptTokens?.(shared, accept)).rejects.toThrow();
    expect(accept).not.toHaveBeenCalled();
    expect(await flows.accessToken()).toBeNull();
  });

  it('refuses what is not tokens at all', async () => {
    const { flows } = setup();
    await expect(flows.adoptTokens?.('{"access_token":"x"}', () => true)).rejects.toThrow();
    await expect(flows.adoptTokens?.('not json', () => true)).rejects.toThrow();
    expect(await flows.accessToken()).toBeNull();
  });

  it('never adopts a refresh token, and takes the profile from the checked ID token', async () => {
    const shared = JSON.parse(await exportedBy());
    const forged = JSON.stringify({
      ...shared,
      refresh_token: 'rt',
      profile: { sub: 'auth0|bob' },
    });
    const { flows } = setup();
    await flows.adoptTokens?.(forged, () => true);
    const held = JSON.parse((await flows.exportTokens?.()) ?? '{}');
    expect(held.refresh_token).toBeUndefined();
    expect(held.profile.sub).toBe('auth0|alice');
  });
});

describe('createCodeFlows: FedCM renewal', () => {
  /** Plays the browser's FedCM: `answer` gets what navigator.credentials.get was asked. */
  function stubFedCm(supported: boolean, answer: (options: CredentialRequestOptions) => unknown) {
    const asked: CredentialRequestOptions[] = [];
    vi.stubGlobal('navigator', {
      credentials: {
        get: async (options: CredentialRequestOptions) => {
          asked.push(options);
          return answer(options);
        },
      },
    });
    vi.stubGlobal('window', {
      ...(supported ? { IdentityCredential: class {} } : {}),
      localStorage: new InMemoryWebStorage(),
    });
    return asked;
  }
  type Provider = { configURL: string; clientId: string; params: Record<string, string> };
  const providerOf = (options: CredentialRequestOptions | undefined) =>
    (options as { identity: { providers: Provider[] } } | undefined)?.identity.providers[0];

  it('asks FedCM (silent) at the server’s config for a code bound to the request’s client, PKCE challenge, nonce and silent redirect URI, then exchanges it like a frame’s', async () => {
    const asked = stubFedCm(true, (options) => {
      const params = providerOf(options)?.params ?? {};
      tokenResponse = () =>
        json({
          access_token: 'access-token-fedcm',
          id_token: idTokenFor({ nonce: params.nonce }),
          token_type: 'Bearer',
          expires_in: 60,
          scope: 'openid profile email',
        });
      return { token: 'fedcm-code' };
    });
    const flows = createCodeFlows(settings, {
      stateStorage: new InMemoryWebStorage(),
      redirect: async () => {},
    });
    const session = await flows.renewSilently('fedcm');
    expect(session.sub).toBeTruthy();
    expect(asked).toHaveLength(1);
    expect(asked[0]?.mediation).toBe('silent');
    expect(providerOf(asked[0])).toMatchObject({
      configURL: `${AUTH}/fedcm/config.json`,
      clientId: settings.clientId,
      params: {
        nonce: expect.any(String),
        code_challenge: expect.stringMatching(/^[\w-]{43}$/),
        code_challenge_method: 'S256',
        redirect_uri: settings.silentRedirectUri,
        audience: settings.audience,
        scope: settings.scope,
      },
    });
    const exchange = tokenRequests.at(-1);
    expect(exchange?.get('code')).toBe('fedcm-code');
    expect(exchange?.get('redirect_uri')).toBe(settings.silentRedirectUri);
    expect(exchange?.get('code_verifier')).toBeTruthy();
    expect(await flows.accessToken()).toBe('access-token-fedcm');
  });

  it('an ID token whose nonce is not the request’s is refused (the same checks as for a frame)', async () => {
    stubFedCm(true, () => {
      tokenResponse = () =>
        json({
          access_token: 'x',
          id_token: idTokenFor({ nonce: 'another-nonce' }),
          token_type: 'Bearer',
          expires_in: 60,
        });
      return { token: 'fedcm-code' };
    });
    const flows = createCodeFlows(settings, { stateStorage: new InMemoryWebStorage() });
    await expect(flows.renewSilently('fedcm')).rejects.toMatchObject({
      failure: { reason: 'invalid_response' },
    });
    expect(await flows.accessToken()).toBeNull();
  });

  it('a browser without FedCM fails with fedcm_unsupported, no request made', async () => {
    const asked = stubFedCm(false, () => ({ token: 'x' }));
    const flows = createCodeFlows(settings, { stateStorage: new InMemoryWebStorage() });
    await expect(flows.renewSilently('fedcm')).rejects.toMatchObject({
      failure: { reason: 'fedcm_unsupported' },
    });
    expect(asked).toHaveLength(0);
    expect(tokenRequests).toHaveLength(0);
  });

  it('the server’s refusal of the assertion is its OAuth error; its login_required is FedCM’s no account (no cookie probe)', async () => {
    const refusal = (error: string) =>
      Object.assign(new Error('Error retrieving a token.'), {
        name: 'IdentityCredentialError',
        error,
      });
    let code = 'unauthorized_client';
    stubFedCm(true, () => {
      throw refusal(code);
    });
    const probeCookies = vi.fn(async () => COOKIES_BLOCKED);
    const flows = createCodeFlows(settings, {
      stateStorage: new InMemoryWebStorage(),
      probeCookies,
    });
    await expect(flows.renewSilently('fedcm')).rejects.toMatchObject({
      failure: { reason: 'oauth_error', error: 'unauthorized_client', decidedBy: 'server_answer' },
    });
    code = 'login_required';
    await expect(flows.renewSilently('fedcm')).rejects.toMatchObject({
      failure: { reason: 'fedcm_no_account', error: 'login_required' },
    });
    expect(probeCookies).not.toHaveBeenCalled();
  });
});

describe('createCodeFlows: DPoP', () => {
  beforeEach(() => {
    // oidc-client-ts takes the proof's jti from window.crypto.
    vi.stubGlobal('window', { crypto: globalThis.crypto });
  });

  const proofOf = (headers: Headers | undefined) => decodeJwtClaims(headers?.get('DPoP') ?? '');

  /** A token endpoint answering `tokenType` tokens, or use_dpop_nonce while `nonceAsked` says. */
  function dpopTokenEndpoint(nonceAsked: () => string | null, tokenType = 'DPoP') {
    tokenResponse = () => {
      const nonce = nonceAsked();
      if (nonce !== null) {
        return new Response(
          JSON.stringify({ error: 'use_dpop_nonce', error_description: 'Use the nonce' }),
          { status: 400, headers: { 'Content-Type': 'application/json', 'DPoP-Nonce': nonce } },
        );
      }
      return json({
        access_token: `access-token-${tokenRequests.length}`,
        id_token: idTokenFor({ nonce: lastNonce }),
        token_type: tokenType,
        expires_in: 60,
      });
    };
  }
  let lastNonce: string | null = null;

  async function dpopLogin(
    dpopKeys = memoryDpopKeyStore(),
    nonceAsked: () => string | null = () => null,
    tokenType = 'DPoP',
  ) {
    const context = await startLogin('/', { dpopKeys });
    dpopTokenEndpoint(nonceAsked, tokenType);
    lastNonce = context.params.get('nonce');
    const jkt = await dpopThumbprint(await dpopKeys.keysFor(settings.clientId));
    return { ...context, dpopKeys, jkt };
  }

  it('binds the code to this browser’s key (dpop_jkt) and proves it on the exchange', async () => {
    const { flows, params, callback, jkt } = await dpopLogin();
    expect(params.get('dpop_jkt')).toBe(jkt);
    const { session } = await flows.finishLogin(callback({ code: 'code-1' }));
    expect(session.tokenType).toBe('DPoP');
    const proof = tokenHeaders.at(-1)?.get('DPoP') ?? '';
    expect(proofKeyThumbprint(proof)).toBe(jkt);
    expect(decodeJwtClaims(proof)).toMatchObject({ htm: 'POST', htu: METADATA.token_endpoint });
  });

  it.each(['iframe', 'web_message'] as const)(
    'sends dpop_jkt on the prompt=none request through %s, and a proof on its exchange',
    async (name) => {
      const { flows, callback, silentRequests, jkt } = await dpopLogin();
      await flows.finishLogin(callback({ code: 'code-1' }));
      lastNonce = null;
      tokenResponse = ((previous) => (request: URLSearchParams) => {
        lastNonce = silentRequests.at(-1)?.url.searchParams.get('nonce') ?? null;
        return previous(request);
      })(tokenResponse);
      await flows.renewSilently(name);
      expect(silentRequests.at(-1)?.url.searchParams.get('prompt')).toBe('none');
      expect(silentRequests.at(-1)?.url.searchParams.get('dpop_jkt')).toBe(jkt);
      expect(proofKeyThumbprint(tokenHeaders.at(-1)?.get('DPoP') ?? '')).toBe(jkt);
    },
  );

  it('retries the exchange once with the server’s nonce (use_dpop_nonce)', async () => {
    let asked = 0;
    const { flows, callback } = await dpopLogin(undefined, () =>
      asked++ === 0 ? 'nonce-1' : null,
    );
    await flows.finishLogin(callback({ code: 'code-1' }));
    expect(tokenHeaders).toHaveLength(2);
    expect(proofOf(tokenHeaders[0])).not.toHaveProperty('nonce');
    expect(proofOf(tokenHeaders[1])).toMatchObject({ nonce: 'nonce-1' });
  });

  it('retries only once: a second use_dpop_nonce fails the sign-in', async () => {
    const { flows, callback } = await dpopLogin(undefined, () => 'nonce-again');
    const error = await flows.finishLogin(callback({ code: 'code-1' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LoginFailedError);
    expect(tokenHeaders).toHaveLength(2);
  });

  it('proves API calls with ath for a bound token, and makes no proof for a bearer one', async () => {
    const { flows, callback, jkt } = await dpopLogin();
    await flows.finishLogin(callback({ code: 'code-1' }));
    const proof =
      (await flows.dpopProof?.('http://localhost:4401/api/profile', 'GET', 'access-token-1')) ?? '';
    expect(proofKeyThumbprint(proof)).toBe(jkt);
    // ath is the hash of the token given (the one sent), whatever the flows hold by then.
    expect(decodeJwtClaims(proof)).toMatchObject({
      htm: 'GET',
      ath: createHash('sha256').update('access-token-1').digest('base64url'),
    });

    // A server whose policy for the client is `off` answers Bearer: nothing to prove then.
    const second = await dpopLogin(undefined, () => null, 'Bearer');
    await second.flows.finishLogin(second.callback({ code: 'code-2' }));
    expect(
      await second.flows.dpopProof?.('http://localhost:4401/api/profile', 'GET', 'access-token-1'),
    ).toBeNull();
  });

  it('uses the one key of the store in every tab (a token renewed in one works in the other)', async () => {
    const shared = memoryDpopKeyStore();
    const first = await dpopLogin(shared);
    const second = await dpopLogin(shared);
    expect(second.params.get('dpop_jkt')).toBe(first.params.get('dpop_jkt'));
    expect(shared.made()).toBe(1);
  });

  it('sends no dpop_jkt and no proof with DPoP off', async () => {
    const { flows, params, callback } = await startLogin();
    await flows.finishLogin(callback({ code: 'code-1' }));
    expect(params.has('dpop_jkt')).toBe(false);
    expect(tokenHeaders.at(-1)?.has('DPoP')).toBe(false);
    expect(await flows.dpopProof?.('http://localhost:4401/api/profile', 'GET', 'a')).toBeNull();
  });
});
