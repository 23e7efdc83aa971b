import { describe, expect, it } from 'vitest';
import { NATIVE_CLIENT_ID, SPA_CLIENT_ID } from '../../protocol/defaults.ts';
import type { AuthServer } from '../createAuthServer.ts';
import {
  ALICE,
  AUTH,
  authorizeUrl,
  browse,
  CookieJar,
  createTestServer,
  exchangeCode,
  postForm,
  refreshWith,
  signIn,
  signInNative,
} from '../testSupport/testServer.ts';

const getJson = async (server: AuthServer, path: string) =>
  (await server.app.request(`${AUTH}${path}`)).json();

const requestsOf = async (server: AuthServer, after?: number) =>
  (await getJson(server, `/__control/requests${after === undefined ? '' : `?after=${after}`}`))
    .requests;

const eventsOf = async (server: AuthServer) => (await getJson(server, '/__control/events')).events;

describe('control API: request log', () => {
  it('logs method, path, query, status, time, duration and Fetch Metadata', async () => {
    const { server, clock } = createTestServer();
    await server.app.request(authorizeUrl({ prompt: 'none' }), {
      headers: { 'sec-fetch-dest': 'iframe', 'sec-fetch-site': 'same-site' },
    });
    const [entry] = await requestsOf(server);
    expect(entry).toEqual({
      seq: 1,
      time: new Date(clock.now()).toISOString(),
      method: 'GET',
      path: '/authorize',
      query: expect.objectContaining({
        client_id: SPA_CLIENT_ID,
        prompt: 'none',
        state: 'state-123',
      }),
      status: 200,
      durationMs: expect.any(Number),
      secFetchDest: 'iframe',
      secFetchSite: 'same-site',
      secFetchStorageAccess: null,
    });
  });

  it('redacts codes, tokens, secrets and verifiers in the query', async () => {
    const { server } = createTestServer();
    await server.app.request(
      `${AUTH}/authorize/resume?state=s&code=c0de&id_token_hint=eyJ.x.y&client_secret=sh&code_verifier=v&access_token=at`,
    );
    const [entry] = await requestsOf(server);
    expect(entry.query).toEqual({
      state: 's',
      code: '[redacted]',
      id_token_hint: '[redacted]',
      client_secret: '[redacted]',
      code_verifier: '[redacted]',
      access_token: '[redacted]',
    });
    expect(JSON.stringify(await requestsOf(server))).not.toMatch(/c0de|eyJ|"sh"|"at"/);
  });

  it('logs the parameters of a form or JSON body, secrets redacted', async () => {
    const { server } = createTestServer();
    const jar = new CookieJar();
    const code = (await signIn(server, jar)).searchParams.get('code') ?? '';
    await exchangeCode(server, code);
    await server.app.request(`${AUTH}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'refresh_token', refresh_token: 'rt-secret', n: 1 }),
    });
    const requests = await requestsOf(server);
    const login = requests.find(
      (entry: { method: string; path: string }) =>
        entry.method === 'POST' && entry.path === '/u/login',
    );
    expect(login.body).toMatchObject({
      email: ALICE.email,
      password: '[redacted]',
      csrf: '[redacted]',
    });
    const [exchange, refresh] = requests.filter(
      (entry: { path: string }) => entry.path === '/oauth/token',
    );
    expect(exchange.body).toEqual({
      grant_type: 'authorization_code',
      client_id: SPA_CLIENT_ID,
      code: '[redacted]',
      redirect_uri: expect.any(String),
      code_verifier: '[redacted]',
    });
    expect(refresh.body).toEqual({
      grant_type: 'refresh_token',
      refresh_token: '[redacted]',
      n: '1',
    });
    expect(JSON.stringify(requests)).not.toMatch(new RegExp(`${code}|rt-secret|${ALICE.password}`));
    expect(requests[0]).not.toHaveProperty('body');
  });

  it('keeps a cut copy of a large body value, saying how large it was', async () => {
    const { server } = createTestServer();
    await server.app.request(`${AUTH}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: 's'.repeat(60_000) }),
    });
    const [entry] = await requestsOf(server);
    expect(entry.body.grant_type).toBe('client_credentials');
    expect(entry.body.scope).toMatch(/^s+… \(truncated, 60000 bytes\)$/);
    expect(JSON.stringify(entry).length).toBeLessThan(2_000);
  });

  it('leaves control requests out, lists those after a seq, and empties on reset', async () => {
    const { server } = createTestServer();
    await server.app.request(`${AUTH}/.well-known/openid-configuration`);
    await server.app.request(`${AUTH}/.well-known/jwks.json`);
    await getJson(server, '/__control/health');
    const all = await requestsOf(server);
    expect(all.map((r: { path: string }) => r.path)).toEqual([
      '/.well-known/openid-configuration',
      '/.well-known/jwks.json',
    ]);
    expect((await requestsOf(server, 1)).map((r: { seq: number }) => r.seq)).toEqual([2]);
    await server.app.request(`${AUTH}/__control/reset`, { method: 'POST' });
    expect(await requestsOf(server)).toEqual([]);
  });

  it('refuses a bad `after`', async () => {
    const { server } = createTestServer();
    for (const path of ['/__control/requests?after=x', '/__control/events?after=-1']) {
      const response = await server.app.request(`${AUTH}${path}`);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: 'invalid_request' });
    }
  });

  it('stays bounded, counting what it dropped', async () => {
    const { server } = createTestServer();
    for (let i = 0; i < 1_150; i += 1) await server.app.request(`${AUTH}/.well-known/jwks.json`);
    const log = await getJson(server, '/__control/requests');
    expect(log.requests).toHaveLength(1_000);
    expect(log.dropped).toBe(150);
    expect(log.requests[0].seq).toBe(151);
  });
});

describe('control API: event timeline', () => {
  it('tells the story of a sign-in, a silent renewal and its failure', async () => {
    const { server } = createTestServer();
    const jar = new CookieJar();
    const callback = await signIn(server, jar);
    await exchangeCode(server, callback.searchParams.get('code') ?? '');
    await browse(server, jar, authorizeUrl({ prompt: 'none' }));
    await server.app.request(`${AUTH}/__control/sessions/end`, { method: 'POST' });
    await browse(server, jar, authorizeUrl({ prompt: 'none' }));
    const events = await eventsOf(server);
    expect(events.map((e: { type: string }) => e.type)).toEqual([
      'sign_in',
      'code_issued',
      'tokens_issued',
      'code_issued',
      'silent_renewal',
      'session_ended',
      'error',
    ]);
    expect(events[0]).toMatchObject({
      seq: 1,
      userId: ALICE.sub,
      via: 'login',
      time: expect.any(String),
    });
    expect(events[1]).toMatchObject({ clientId: SPA_CLIENT_ID, userId: ALICE.sub, silent: false });
    expect(events[2]).toMatchObject({ grantType: 'authorization_code', refreshToken: false });
    expect(events[3]).toMatchObject({ silent: true });
    expect(events[4]).toMatchObject({ clientId: SPA_CLIENT_ID, responseType: 'code' });
    expect(events[5]).toMatchObject({ count: 1, via: 'control' });
    expect(events[6]).toMatchObject({
      endpoint: '/authorize',
      error: 'login_required',
      clientId: SPA_CLIENT_ID,
    });
  });

  it('notes refreshes, revocations, logouts and JSON errors, never a token', async () => {
    const { server } = createTestServer();
    const jar = new CookieJar();
    const tokens = await signInNative(server, {}, jar);
    await refreshWith(server, tokens.refresh_token ?? '');
    await postForm(server, '/oauth/revoke', {
      client_id: NATIVE_CLIENT_ID,
      token: tokens.refresh_token,
    });
    await refreshWith(server, tokens.refresh_token ?? '');
    await browse(server, jar, '/v2/logout');
    const events = await eventsOf(server);
    expect(events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'tokens_issued', refreshToken: true }),
        expect.objectContaining({ type: 'refresh', clientId: NATIVE_CLIENT_ID, rotated: false }),
        expect.objectContaining({ type: 'revoked', what: 'refresh_token', userId: ALICE.sub }),
        expect.objectContaining({
          type: 'error',
          endpoint: '/oauth/token',
          error: 'invalid_grant',
          status: 400,
        }),
        expect.objectContaining({ type: 'session_ended', via: 'logout', userId: ALICE.sub }),
      ]),
    );
    const text = JSON.stringify(events);
    for (const secret of [tokens.access_token, tokens.refresh_token, tokens.id_token]) {
      expect(text).not.toContain(secret);
    }
  });

  it('notes the faults that shaped an answer', async () => {
    const { server } = createTestServer();
    await server.app.request(`${AUTH}/__control/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'error', path: '/oauth/token', error: 'server_error' }),
    });
    await exchangeCode(server, 'x');
    expect(await eventsOf(server)).toEqual([
      expect.objectContaining({
        type: 'fault',
        endpoint: '/oauth/token',
        fault: 'error',
        error: 'server_error',
      }),
      expect.objectContaining({
        type: 'error',
        endpoint: '/oauth/token',
        error: 'server_error',
        status: 500,
      }),
    ]);
  });
});
