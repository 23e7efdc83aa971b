import { describe, expect, it } from 'vitest';
import { THIRD_PARTY_SPA_CLIENT_ID, UNFRAMEABLE_SPA_CLIENT_ID } from '../../protocol/defaults.ts';
import {
  ALICE,
  AUTH,
  authorizeUrl,
  BOB,
  browse,
  CALLBACK,
  CookieJar,
  createTestServer,
  ISSUER,
  postedMessage,
  SPA_ORIGIN,
  signIn,
  signInForTokens,
} from '../testSupport/testServer.ts';

const get = (url: string) => createTestServer().server.app.request(url);

const errorAt = (response: Response) => {
  const location = new URL(response.headers.get('location') ?? '');
  return {
    base: `${location.origin}${location.pathname}`,
    error: location.searchParams.get('error'),
    description: location.searchParams.get('error_description'),
    state: location.searchParams.get('state'),
    iss: location.searchParams.get('iss'),
  };
};

describe('GET /authorize: untrusted client or redirect_uri', () => {
  it('shows an error page for an unknown client and never redirects', async () => {
    const response = await get(authorizeUrl({ client_id: 'nobody' }));
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    const html = await response.text();
    expect(html).toContain('invalid_client');
    expect(html).toContain('Unknown client: nobody');
  });

  it.each([
    ['another host', 'https://evil.example/callback'],
    ['a prefix of a registered one', 'http://localhost:5173/call'],
    ['a registered one with a suffix', `${CALLBACK}/../evil`],
    ['a registered one with a query', `${CALLBACK}?next=evil`],
    ['another port', 'http://localhost:5174/callback'],
  ])('refuses an unregistered redirect_uri (%s) with an error page', async (_, redirectUri) => {
    const response = await get(authorizeUrl({ redirect_uri: redirectUri }));
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    const html = await response.text();
    expect(html).toContain('invalid_request');
    expect(html).toContain('redirect_uri');
  });

  it('refuses a missing redirect_uri with an error page', async () => {
    const response = await get(authorizeUrl({ redirect_uri: undefined }));
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('redirect_uri');
  });

  it('escapes what it echoes on the error page', async () => {
    const response = await get(authorizeUrl({ client_id: '<script>alert(1)</script>' }));
    const html = await response.text();
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('&lt;script&gt;');
  });
});

describe('GET /authorize: errors go to the redirect URI (RFC 6749 §4.1.2.1)', () => {
  it('requires PKCE from a public client', async () => {
    const response = await get(
      authorizeUrl({ code_challenge: undefined, code_challenge_method: undefined }),
    );
    expect(response.status).toBe(302);
    expect(errorAt(response)).toMatchObject({
      base: CALLBACK,
      error: 'invalid_request',
      state: 'state-123',
      iss: ISSUER,
    });
  });

  it('refuses the plain PKCE method', async () => {
    const response = await get(authorizeUrl({ code_challenge_method: 'plain' }));
    expect(errorAt(response)).toMatchObject({ error: 'invalid_request', state: 'state-123' });
    expect(errorAt(response).description).toContain('plain');
  });

  it('refuses a challenge without a method (which would mean plain)', async () => {
    const response = await get(authorizeUrl({ code_challenge_method: undefined }));
    expect(errorAt(response).error).toBe('invalid_request');
  });

  it('refuses an unsupported response_type', async () => {
    const response = await get(authorizeUrl({ response_type: 'none' }));
    expect(errorAt(response).error).toBe('unsupported_response_type');
  });

  it('refuses an unknown audience the way Auth0 does', async () => {
    const response = await get(authorizeUrl({ audience: 'https://unknown.example/' }));
    expect(errorAt(response)).toMatchObject({
      error: 'access_denied',
      description: 'Service not found: https://unknown.example/',
    });
  });

  it('refuses a repeated parameter', async () => {
    const response = await get(`${authorizeUrl()}&scope=openid`);
    expect(errorAt(response).error).toBe('invalid_request');
  });

  it('refuses prompt=none combined with another prompt', async () => {
    const response = await get(authorizeUrl({ prompt: 'none login' }));
    expect(errorAt(response).error).toBe('invalid_request');
  });

  it('refuses an unknown response_mode, answering in the default (query) mode', async () => {
    const response = await get(authorizeUrl({ response_mode: 'telepathy' }));
    expect(errorAt(response)).toMatchObject({ base: CALLBACK, error: 'invalid_request' });
  });

  it('ignores unknown parameters such as auth0-spa-js telemetry', async () => {
    const response = await get(authorizeUrl({ auth0Client: btoa('{"name":"auth0-spa-js"}') }));
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toMatch(/^\/u\/login\?state=/);
  });
});

describe('GET /authorize: interactive', () => {
  it('sends a browser without a session to the login page, binding the transaction to a cookie', async () => {
    const jar = new CookieJar();
    const { server } = createTestServer();
    const response = await browse(server, jar, authorizeUrl());
    expect(response.status).toBe(302);
    const id = new URL(response.headers.get('location') ?? '', AUTH).searchParams.get('state');
    expect(jar.get(`sal_ix_${id}`)).toBeTruthy();
    const cookie = response.headers.getSetCookie()[0] ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
  });

  it('returns a code with state and iss after login', async () => {
    const { server } = createTestServer();
    const callback = await signIn(server, new CookieJar());
    expect(`${callback.origin}${callback.pathname}`).toBe(CALLBACK);
    expect(callback.searchParams.get('code')).toMatch(/^[\w-]{43}$/);
    expect(callback.searchParams.get('state')).toBe('state-123');
    expect(callback.searchParams.get('iss')).toBe(ISSUER);
  });

  it('forces the login page with prompt=login even with a session', async () => {
    const { server } = createTestServer();
    const jar = new CookieJar();
    await signIn(server, jar);
    const response = await browse(server, jar, authorizeUrl({ prompt: 'login' }));
    expect(response.headers.get('location')).toMatch(/^\/u\/login/);
  });

  it('answers in the fragment with response_mode=fragment', async () => {
    const { server } = createTestServer();
    const jar = new CookieJar();
    await signIn(server, jar);
    const response = await browse(server, jar, authorizeUrl({ response_mode: 'fragment' }));
    const location = response.headers.get('location') ?? '';
    expect(location.startsWith(`${CALLBACK}#`)).toBe(true);
    expect(new URLSearchParams(location.split('#')[1]).get('code')).toBeTruthy();
  });

  it('answers with an auto-submitted form with response_mode=form_post', async () => {
    const { server } = createTestServer();
    const jar = new CookieJar();
    await signIn(server, jar);
    const response = await browse(
      server,
      jar,
      authorizeUrl({ response_mode: 'form_post', state: '"><script>x</script>' }),
    );
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(`<form method="post" action="${CALLBACK}">`);
    expect(html).toMatch(/name="code" value="[\w-]{43}"/);
    expect(html).toContain('value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"');
    expect(html).not.toContain('<script>x</script>');
  });
});

describe('GET /authorize with prompt=none: answers from real state', () => {
  const silent = (params: Record<string, string | undefined> = {}) =>
    authorizeUrl({
      prompt: 'none',
      redirect_uri: `${SPA_ORIGIN}/silent-callback.html`,
      ...params,
    });

  it('returns login_required without a session, framable by the client only', async () => {
    const response = await get(silent());
    expect(errorAt(response)).toMatchObject({
      base: `${SPA_ORIGIN}/silent-callback.html`,
      error: 'login_required',
      state: 'state-123',
    });
    expect(response.headers.get('content-security-policy')).toBe(`frame-ancestors ${SPA_ORIGIN}`);
  });

  it('returns a code at once with a session', async () => {
    const { server } = createTestServer();
    const jar = new CookieJar();
    await signIn(server, jar);
    const response = await browse(server, jar, silent());
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.searchParams.get('code')).toBeTruthy();
    expect(response.headers.get('content-security-policy')).toBe(`frame-ancestors ${SPA_ORIGIN}`);
  });

  it('returns login_required when the session is older than max_age', async () => {
    const { server, clock } = createTestServer();
    const jar = new CookieJar();
    await signIn(server, jar);
    clock.advance(120_000);
    expect(errorAt(await browse(server, jar, silent({ max_age: '60' }))).error).toBe(
      'login_required',
    );
    const fresh = await browse(server, jar, silent({ max_age: '600' }));
    expect(new URL(fresh.headers.get('location') ?? '').searchParams.get('code')).toBeTruthy();
  });

  it('returns login_required when id_token_hint names another user', async () => {
    const { server } = createTestServer();
    const aliceTokens = await signInForTokens(server, new CookieJar());
    const jar = new CookieJar();
    await signIn(server, jar, {}, BOB);
    const response = await browse(server, jar, silent({ id_token_hint: aliceTokens.id_token }));
    expect(errorAt(response)).toMatchObject({ error: 'login_required' });
    expect(errorAt(response).description).toContain('id_token_hint');
  });

  it('accepts an id_token_hint for the session user', async () => {
    const { server } = createTestServer();
    const jar = new CookieJar();
    const tokens = await signInForTokens(server, jar);
    const response = await browse(server, jar, silent({ id_token_hint: tokens.id_token }));
    expect(new URL(response.headers.get('location') ?? '').searchParams.get('code')).toBeTruthy();
  });

  it('refuses a forged id_token_hint', async () => {
    const response = await get(silent({ id_token_hint: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' }));
    expect(errorAt(response).error).toBe('invalid_request');
  });

  it('returns consent_required for a third-party client without consent', async () => {
    const { server } = createTestServer();
    const jar = new CookieJar();
    await signIn(server, jar);
    const response = await browse(server, jar, silent({ client_id: THIRD_PARTY_SPA_CLIENT_ID }));
    expect(errorAt(response).error).toBe('consent_required');
  });

  it("marks a client without web origins as never framable (frame-ancestors 'none')", async () => {
    const response = await get(silent({ client_id: UNFRAMEABLE_SPA_CLIENT_ID }));
    expect(response.headers.get('content-security-policy')).toBe("frame-ancestors 'none'");
  });

  // Browsers apply frame-ancestors to the document in the frame, never to a 302 on the way.
  const inFrame = { headers: { 'Sec-Fetch-Dest': 'iframe' } };

  it('redirects a framed answer through a page that carries the frame policy', async () => {
    const { server } = createTestServer();
    const response = await server.app.request(silent(), inFrame);
    expect(response.status).toBe(200);
    expect(response.headers.get('location')).toBeNull();
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain(`frame-ancestors ${SPA_ORIGIN}`);
    const nonce = /'nonce-([\w-]+)'/.exec(csp)?.[1];
    const html = await response.text();
    expect(html).toContain(`<script nonce="${nonce}">window.location.replace(`);
    const target = /window\.location\.replace\((.*)\);/.exec(html)?.[1] ?? '""';
    const location = new URL(JSON.parse(target));
    expect(`${location.origin}${location.pathname}`).toBe(`${SPA_ORIGIN}/silent-callback.html`);
    expect(location.searchParams.get('error')).toBe('login_required');
  });

  it("gives a framed answer for a client without web origins frame-ancestors 'none'", async () => {
    const { server } = createTestServer();
    const response = await server.app.request(
      silent({ client_id: UNFRAMEABLE_SPA_CLIENT_ID }),
      inFrame,
    );
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('location')).toBeNull();
  });

  it('cannot be broken out of the redirect script by the state value', async () => {
    const { server } = createTestServer();
    const response = await server.app.request(
      silent({ state: '</script><script>alert(1)//' }),
      inFrame,
    );
    const html = await response.text();
    expect(html.match(/<script/g)).toHaveLength(1);
  });
});

describe('GET /authorize with response_mode=web_message', () => {
  const webMessage = (params: Record<string, string | undefined> = {}) =>
    authorizeUrl({ prompt: 'none', response_mode: 'web_message', ...params });

  it("posts the response to the parent, addressed to the redirect URI's origin only", async () => {
    const response = await get(webMessage());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    const html = await response.text();
    const { message, targetOrigin } = postedMessage(html);
    expect(targetOrigin).toBe(SPA_ORIGIN);
    expect(html).not.toContain("'*'");
    expect(message).toEqual({
      type: 'authorization_response',
      response: {
        error: 'login_required',
        error_description: 'Login required',
        state: 'state-123',
        iss: ISSUER,
      },
    });
  });

  it('carries frame-ancestors for the client and runs only its own nonce script', async () => {
    const response = await get(webMessage());
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain(`frame-ancestors ${SPA_ORIGIN}`);
    const nonce = /'nonce-([\w-]+)'/.exec(csp)?.[1];
    expect(await response.text()).toContain(`<script nonce="${nonce}">`);
  });

  it('delivers a code with a session', async () => {
    const { server } = createTestServer();
    const jar = new CookieJar();
    await signIn(server, jar);
    const { message } = postedMessage(await (await browse(server, jar, webMessage())).text());
    expect(message.response.code).toMatch(/^[\w-]{43}$/);
    expect(message.response.state).toBe('state-123');
  });

  it('cannot be broken out of by a hostile state value', async () => {
    const state = `</script><script>alert(1)</script>\u2028"'&`;
    const html = await (await get(webMessage({ state }))).text();
    expect(html).not.toContain('</script><script>');
    expect(html).not.toContain('\u2028');
    expect(postedMessage(html).message.response.state).toBe(state);
  });
});

describe('GET /authorize: session cookie user', () => {
  it('uses the signed-in user for the code', async () => {
    const { server } = createTestServer();
    const tokens = await signInForTokens(server);
    const payload = JSON.parse(atob(tokens.access_token.split('.')[1] ?? ''));
    expect(payload.sub).toBe(ALICE.sub);
  });
});
