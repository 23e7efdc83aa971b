import { describe, expect, it } from 'vitest';
import type { AuthServer } from '../createAuthServer.ts';
import {
  AUTH,
  authorizeUrl,
  browse,
  CALLBACK,
  CookieJar,
  createTestServer,
  exchangeCode,
  ISSUER,
  SPA_ORIGIN,
  signedInTestServer,
  signIn,
  signInForTokens,
} from '../testSupport/testServer.ts';

const post = (server: AuthServer, path: string, body?: unknown) =>
  server.app.request(`${AUTH}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

const control = async (server: AuthServer, path: string, body?: unknown) => {
  const response = await post(server, path, body);
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
};

const claimsOf = (jwt: string) => JSON.parse(atob(jwt.split('.')[1] ?? ''));

const silent = (
  server: AuthServer,
  jar: CookieJar,
  params: Record<string, string> = {},
  init = {},
) => browse(server, jar, authorizeUrl({ prompt: 'none', ...params }), init);

const location = (response: Response) => new URL(response.headers.get('location') ?? '');

/** Resolves with the response, or 'pending' if none came within `ms`. */
const within = (promise: Response | Promise<Response>, ms: number) =>
  Promise.race([
    promise,
    new Promise<'pending'>((resolve) => setTimeout(() => resolve('pending'), ms)),
  ]);

describe('control API: forced errors', () => {
  it('answers the next /authorize with the error in the query, with state and iss, then as usual', async () => {
    const { server, jar } = await signedInTestServer();
    await control(server, '/__control/faults', {
      type: 'error',
      path: '/authorize',
      error: 'login_required',
    });
    const forced = location(await silent(server, jar));
    expect(forced.origin + forced.pathname).toBe(CALLBACK);
    expect(Object.fromEntries(forced.searchParams)).toEqual({
      error: 'login_required',
      error_description: 'login_required (forced by the control API)',
      state: 'state-123',
      iss: ISSUER,
    });
    expect(location(await silent(server, jar)).searchParams.get('code')).toBeTruthy();
  });

  it('answers in the fragment with response_mode=fragment', async () => {
    const { server, jar } = await signedInTestServer();
    await control(server, '/__control/faults', {
      type: 'error',
      path: '/authorize',
      error: 'interaction_required',
      description: 'Pick an account',
    });
    const answer = await silent(server, jar, { response_mode: 'fragment' });
    const fragment = new URLSearchParams(answer.headers.get('location')?.split('#')[1]);
    expect(fragment.get('error')).toBe('interaction_required');
    expect(fragment.get('error_description')).toBe('Pick an account');
  });

  it('posts the error to the parent with response_mode=web_message', async () => {
    const { server, jar } = await signedInTestServer();
    await control(server, '/__control/faults', {
      type: 'error',
      path: '/authorize',
      error: 'consent_required',
    });
    const answer = await silent(server, jar, { response_mode: 'web_message' });
    expect(answer.status).toBe(200);
    const html = await answer.text();
    expect(html).toContain('"type":"authorization_response"');
    expect(html).toContain('"error":"consent_required"');
    expect(html).toContain(JSON.stringify(SPA_ORIGIN));
  });

  it('submits the error with response_mode=form_post', async () => {
    const { server, jar } = await signedInTestServer();
    await control(server, '/__control/faults', {
      type: 'error',
      path: '/authorize',
      error: 'server_error',
    });
    const html = await (await silent(server, jar, { response_mode: 'form_post' })).text();
    expect(html).toContain('name="error" value="server_error"');
  });

  it('shapes only requests with the given query, the given number of times', async () => {
    const { server, jar } = await signedInTestServer();
    await control(server, '/__control/faults', {
      type: 'error',
      path: '/authorize',
      error: 'login_required',
      query: { prompt: 'none' },
      times: 2,
    });
    const interactive = await browse(server, jar, authorizeUrl());
    expect(location(interactive).searchParams.get('code')).toBeTruthy();
    expect(location(await silent(server, jar)).searchParams.get('error')).toBe('login_required');
    expect(location(await silent(server, jar)).searchParams.get('error')).toBe('login_required');
    expect(location(await silent(server, jar)).searchParams.get('code')).toBeTruthy();
  });

  it('keeps shaping with times: null until cleared', async () => {
    const { server, jar } = await signedInTestServer();
    await control(server, '/__control/faults', {
      type: 'error',
      path: '/authorize',
      error: 'login_required',
      times: null,
    });
    for (let i = 0; i < 3; i += 1) {
      expect(location(await silent(server, jar)).searchParams.get('error')).toBe('login_required');
    }
    const listed = await (await server.app.request(`${AUTH}/__control/faults`)).json();
    expect(listed.faults).toEqual([
      expect.objectContaining({ path: '/authorize', remaining: null, fault: expect.any(Object) }),
    ]);
    await control(server, '/__control/faults/clear');
    expect(location(await silent(server, jar)).searchParams.get('code')).toBeTruthy();
  });

  it('answers the token endpoint in JSON with its status, readable cross-origin, preflight untouched', async () => {
    const { server, jar } = await signedInTestServer();
    await control(server, '/__control/faults', {
      type: 'error',
      path: '/oauth/token',
      error: 'temporarily_unavailable',
    });
    const preflight = await server.app.request(`${AUTH}/oauth/token`, {
      method: 'OPTIONS',
      headers: { origin: SPA_ORIGIN, 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    const code = location(await silent(server, jar)).searchParams.get('code') ?? '';
    const answer = await exchangeCode(server, code, {}, { origin: SPA_ORIGIN });
    expect(answer.status).toBe(503);
    expect(answer.headers.get('access-control-allow-origin')).toBe(SPA_ORIGIN);
    expect(answer.headers.get('retry-after')).toBe('1');
    expect(await answer.json()).toEqual({
      error: 'temporarily_unavailable',
      error_description: 'temporarily_unavailable (forced by the control API)',
    });
    // The fault was used up; the code is still good.
    expect((await exchangeCode(server, code)).status).toBe(200);
  });

  it('answers too_many_requests at the token endpoint as its rate limiter does, headers readable cross-origin', async () => {
    const { server, jar, clock } = await signedInTestServer();
    await control(server, '/__control/faults', {
      type: 'error',
      path: '/oauth/token',
      error: 'too_many_requests',
      retryAfterSeconds: 3,
    });
    const code = location(await silent(server, jar)).searchParams.get('code') ?? '';
    const answer = await exchangeCode(server, code, {}, { origin: SPA_ORIGIN });
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('3');
    expect(answer.headers.get('x-ratelimit-limit')).toBe('30');
    expect(answer.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(answer.headers.get('x-ratelimit-reset')).toBe(String(Math.ceil(clock.now() / 1000) + 3));
    const exposed = answer.headers.get('access-control-expose-headers') ?? '';
    for (const header of ['Retry-After', 'X-RateLimit-Limit', 'X-RateLimit-Reset']) {
      expect(exposed).toContain(header);
    }
    expect((await answer.json()).error).toBe('too_many_requests');
    expect((await exchangeCode(server, code)).status).toBe(200);
  });

  it('answers server_error with a 500 at the token endpoint', async () => {
    const { server } = createTestServer();
    await control(server, '/__control/faults', {
      type: 'error',
      path: '/oauth/token',
      error: 'server_error',
    });
    const answer = await exchangeCode(server, 'whatever');
    expect(answer.status).toBe(500);
    expect((await answer.json()).error).toBe('server_error');
  });

  it('answers a page endpoint with an error page', async () => {
    const { server } = createTestServer();
    await control(server, '/__control/faults', {
      type: 'error',
      path: '/u/*',
      error: 'server_error',
    });
    const answer = await server.app.request(`${AUTH}/u/login?state=x`);
    expect(answer.status).toBe(500);
    expect(answer.headers.get('content-type')).toContain('text/html');
    expect(await answer.text()).toContain('server_error');
  });

  it('still shows the error page for a client it cannot trust', async () => {
    const { server } = createTestServer();
    await control(server, '/__control/faults', {
      type: 'error',
      path: '/authorize',
      error: 'login_required',
    });
    const answer = await server.app.request(
      authorizeUrl({ redirect_uri: 'https://evil.example/cb' }),
    );
    expect(answer.status).toBe(400);
    expect(answer.headers.get('location')).toBeNull();
  });

  it.each([
    [
      'an error it cannot force',
      { type: 'error', path: '/authorize', error: 'access_denied' },
      'error: expected one of',
    ],
    [
      'a Retry-After that is not whole seconds',
      { type: 'error', path: '/oauth/token', error: 'too_many_requests', retryAfterSeconds: 1.5 },
      'retryAfterSeconds:',
    ],
    ['a relative path', { type: 'error', path: 'authorize', error: 'server_error' }, 'path:'],
    [
      'the control API itself',
      { type: 'hang', path: '/__control/reset' },
      'path: expected an endpoint outside /__control',
    ],
    ['zero times', { type: 'hang', path: '/authorize', times: 0 }, 'times:'],
    ['a negative delay', { type: 'delay', path: '/authorize', ms: -5 }, 'ms:'],
    ['no type', { path: '/authorize' }, 'type'],
    ['an unknown field', { type: 'hang', path: '/authorize', every: 2 }, 'every'],
    [
      'a non-string query value',
      { type: 'hang', path: '/authorize', query: { max_age: 0 } },
      'query.max_age',
    ],
  ])('refuses %s with a JSON 400', async (_, body, message) => {
    const { server } = createTestServer();
    const response = await post(server, '/__control/faults', body);
    expect(response.status).toBe(400);
    const answer = await response.json();
    expect(answer.error).toBe('invalid_request');
    expect(answer.error_description).toContain(message);
  });
});

describe('control API: hangs, delays and latency', () => {
  it('holds a hung request until the faults are cleared, then answers it as usual', async () => {
    const { server } = createTestServer();
    await control(server, '/__control/faults', { type: 'hang', path: '/.well-known/jwks.json' });
    const pending = server.app.request(`${AUTH}/.well-known/jwks.json`);
    expect(await within(pending, 50)).toBe('pending');
    // Other endpoints and the control API still answer meanwhile.
    expect((await server.app.request(`${AUTH}/.well-known/openid-configuration`)).status).toBe(200);
    const log = await (await server.app.request(`${AUTH}/__control/requests`)).json();
    expect(log.requests[0]).toMatchObject({
      path: '/.well-known/jwks.json',
      status: null,
      fault: 'hang',
    });
    await control(server, '/__control/faults/clear');
    expect((await pending).status).toBe(200);
  });

  it('lets a hung request go on reset', async () => {
    const { server } = createTestServer();
    await control(server, '/__control/faults', { type: 'hang', path: '*' });
    const pending = server.app.request(`${AUTH}/.well-known/jwks.json`);
    expect(await within(pending, 30)).toBe('pending');
    await control(server, '/__control/reset');
    expect((await pending).status).toBe(200);
  });

  it('answers a hung request with 503 when the server closes, and holds nothing after', async () => {
    const { server } = createTestServer();
    await control(server, '/__control/faults', { type: 'hang', path: '/authorize', times: null });
    const pending = server.app.request(authorizeUrl());
    expect(await within(pending, 30)).toBe('pending');
    server.close();
    expect((await pending).status).toBe(503);
    expect(await within(server.app.request(authorizeUrl()), 30)).not.toBe('pending');
  });

  it('delays the next response of an endpoint', async () => {
    const { server } = createTestServer();
    await control(server, '/__control/faults', {
      type: 'delay',
      path: '/.well-known/jwks.json',
      ms: 80,
    });
    const started = performance.now();
    expect((await server.app.request(`${AUTH}/.well-known/jwks.json`)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(75);
    expect((await (await server.app.request(`${AUTH}/__control/faults`)).json()).faults).toEqual(
      [],
    );
  });

  it('adds latency to every endpoint for the next N requests, then stops', async () => {
    const { server } = createTestServer();
    const answer = await control(server, '/__control/latency', { ms: 40, times: 2 });
    expect(answer.fault).toMatchObject({
      path: '*',
      remaining: 2,
      fault: { type: 'delay', ms: 40 },
    });
    const started = performance.now();
    await server.app.request(`${AUTH}/.well-known/jwks.json`);
    await server.app.request(`${AUTH}/.well-known/openid-configuration`);
    expect(performance.now() - started).toBeGreaterThanOrEqual(75);
    await server.app.request(`${AUTH}/.well-known/jwks.json`);
    const { requests } = await (await server.app.request(`${AUTH}/__control/requests`)).json();
    expect(requests.map((r: { fault?: string }) => r.fault)).toEqual([
      'delay 40ms',
      'delay 40ms',
      undefined,
    ]);
  });

  it('keeps latency on one endpoint until reset when no count is given', async () => {
    const { server } = createTestServer();
    await control(server, '/__control/latency', { ms: 5, path: '/userinfo' });
    for (let i = 0; i < 3; i += 1) await server.app.request(`${AUTH}/userinfo`);
    await server.app.request(`${AUTH}/.well-known/jwks.json`);
    const { requests } = await (await server.app.request(`${AUTH}/__control/requests`)).json();
    expect(requests.filter((r: { fault?: string }) => r.fault === 'delay 5ms')).toHaveLength(3);
    await control(server, '/__control/reset');
    expect((await (await server.app.request(`${AUTH}/__control/faults`)).json()).faults).toEqual(
      [],
    );
  });

  it('refuses latency without milliseconds or beyond ten minutes', async () => {
    const { server } = createTestServer();
    expect((await post(server, '/__control/latency', {})).status).toBe(400);
    expect((await post(server, '/__control/latency', { ms: 600_001 })).status).toBe(400);
  });
});

describe('control API: the server clock', () => {
  it('runs ahead by an offset: tokens are issued and expire on the server time', async () => {
    const { server, clock } = createTestServer();
    const answer = await control(server, '/__control/clock', { offsetSeconds: 3600 });
    expect(answer.clock).toEqual({
      now: new Date(clock.now() + 3_600_000).toISOString(),
      offsetSeconds: 3600,
      frozen: false,
    });
    const tokens = await signInForTokens(server);
    const claims = claimsOf(tokens.access_token);
    expect(claims.iat).toBe(Math.floor(clock.now() / 1000) + 3600);
    expect(claims.exp).toBe(claims.iat + 86_400);
  });

  it('stands still when frozen, whatever the real clock does', async () => {
    const { server, clock } = createTestServer();
    await control(server, '/__control/clock', { frozenAt: '2031-05-01T12:00:00Z' });
    clock.advance(120_000);
    const tokens = await signInForTokens(server);
    expect(claimsOf(tokens.id_token ?? '').iat).toBe(Date.UTC(2031, 4, 1, 12) / 1000);
    const state = await (await server.app.request(`${AUTH}/__control/clock`)).json();
    expect(state.clock).toEqual({
      now: '2031-05-01T12:00:00.000Z',
      offsetSeconds: 0,
      frozen: true,
    });
  });

  it('expires a code when moved past its lifetime', async () => {
    const { server } = createTestServer();
    const callback = await signIn(server, new CookieJar());
    await control(server, '/__control/clock', { advanceSeconds: 61 });
    const answer = await exchangeCode(server, callback.searchParams.get('code') ?? '');
    expect(await answer.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'The authorization code has expired',
    });
  });

  it('expires access tokens at /userinfo when moved past their lifetime', async () => {
    const { server } = createTestServer();
    const tokens = await signInForTokens(server);
    const userinfo = () =>
      server.app.request(`${AUTH}/userinfo`, {
        headers: { authorization: `Bearer ${tokens.access_token}` },
      });
    expect((await userinfo()).status).toBe(200);
    await control(server, '/__control/clock', { advanceSeconds: 86_401 });
    expect((await userinfo()).status).toBe(401);
    await control(server, '/__control/clock', { reset: true });
    expect((await userinfo()).status).toBe(200);
  });

  it('goes back to real time on reset', async () => {
    const { server, clock } = createTestServer();
    await control(server, '/__control/clock', { frozenAt: 0 });
    await control(server, '/__control/reset');
    const state = await (await server.app.request(`${AUTH}/__control/clock`)).json();
    expect(state.clock.now).toBe(new Date(clock.now()).toISOString());
  });

  it.each([
    ['nothing to do', {}],
    ['two changes at once', { offsetSeconds: 1, advanceSeconds: 1 }],
    ['a string offset', { offsetSeconds: '60' }],
    ['a date that is no date', { frozenAt: 'yesterday' }],
    ['reset: false', { reset: false }],
  ])('refuses %s with a JSON 400', async (_, body) => {
    const { server } = createTestServer();
    const response = await post(server, '/__control/clock', body);
    expect(response.status).toBe(400);
    expect((await response.json()).error_description).toContain('expected one of');
  });
});

describe('control API: simulated third-party cookie blocking', () => {
  const framed = (site: string) => ({
    headers: { 'sec-fetch-dest': 'iframe', 'sec-fetch-site': site },
  });

  /** The framed answer is a page that redirects: the error or code is in it. */
  const framedAnswer = async (server: AuthServer, jar: CookieJar, site: string) =>
    (await silent(server, jar, {}, framed(site))).text();

  it('ignores the session cookie on cross-site framed requests only', async () => {
    const { server, jar } = await signedInTestServer();
    await control(server, '/__control/cookie-blocking', { mode: 'cross-site' });
    expect(await framedAnswer(server, jar, 'cross-site')).toContain('error=login_required');
    expect(await framedAnswer(server, jar, 'same-site')).toContain('code=');
    // A top-level navigation keeps its cookies.
    expect(location(await silent(server, jar)).searchParams.get('code')).toBeTruthy();
    const { requests } = await (await server.app.request(`${AUTH}/__control/requests`)).json();
    expect(requests.filter((r: { cookiesIgnored?: true }) => r.cookiesIgnored)).toHaveLength(1);
  });

  it('ignores cookies on every framed request with all-framed', async () => {
    const { server, jar } = await signedInTestServer();
    await control(server, '/__control/cookie-blocking', { mode: 'all-framed' });
    expect(await framedAnswer(server, jar, 'same-site')).toContain('error=login_required');
    await control(server, '/__control/cookie-blocking', { mode: 'off' });
    expect(await framedAnswer(server, jar, 'cross-site')).toContain('code=');
  });

  it('makes the cookie probe report blocked cookies: none set, none read', async () => {
    const { server } = createTestServer();
    await control(server, '/__control/cookie-blocking', { mode: 'cross-site' });
    const probe = `${AUTH}/cookie-probe?origin=${encodeURIComponent(SPA_ORIGIN)}`;
    const first = await server.app.request(probe, framed('cross-site'));
    expect(first.status).toBe(302);
    expect(first.headers.getSetCookie()).toEqual([]);
    const check = await server.app.request(
      `${AUTH}/cookie-probe/check?origin=${encodeURIComponent(SPA_ORIGIN)}`,
      { headers: { ...framed('cross-site').headers, cookie: 'sal_probe=1' } },
    );
    expect(await check.text()).toContain('"cookies":false');
    const unblocked = await server.app.request(
      `${AUTH}/cookie-probe/check?origin=${encodeURIComponent(SPA_ORIGIN)}`,
      { headers: { ...framed('same-site').headers, cookie: 'sal_probe=1' } },
    );
    expect(await unblocked.text()).toContain('"cookies":true');
  });

  it('reports and refuses modes', async () => {
    const { server } = createTestServer();
    expect(await (await server.app.request(`${AUTH}/__control/cookie-blocking`)).json()).toEqual({
      mode: 'off',
    });
    const bad = await post(server, '/__control/cookie-blocking', { mode: 'all' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error_description).toContain(
      'mode: expected one of off, cross-site, all-framed',
    );
  });
});
