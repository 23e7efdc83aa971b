import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  createDpopKey,
  signDpopProof,
  type TestDpopKey,
} from '../../dpop/testSupport/dpopProofs.ts';
import {
  NATIVE_CLIENT_ID,
  REGULAR_WEB_CLIENT_ID,
  REGULAR_WEB_TEST_SECRET,
  SPA_CLIENT_ID,
} from '../../protocol/defaults.ts';
import type { AuthServerConfigInput, DpopPolicy } from '../config.ts';
import type { AuthServer } from '../createAuthServer.ts';
import type { TestClock } from '../domain/clock.ts';
import {
  AUTH,
  authorizeUrl,
  browse,
  CookieJar,
  createTestServer,
  exchangeCode,
  NATIVE_CALLBACK,
  NATIVE_SCOPE,
  postedMessage,
  postForm,
  refreshWith,
  SPA_ORIGIN,
  signIn,
} from '../testSupport/testServer.ts';

const TOKEN_URL = `${AUTH}/oauth/token`;
const USERINFO_URL = `${AUTH}/userinfo`;
const alice = createDpopKey('ES256');
const mallory = createDpopKey('ES256');

const withPolicy =
  (clientId: string, dpop: DpopPolicy) =>
  (config: AuthServerConfigInput): AuthServerConfigInput => ({
    ...config,
    clients: (config.clients ?? []).map((client) =>
      client.clientId === clientId ? { ...client, dpop } : client,
    ),
  });

const tokenProof = (clock: TestClock, key = alice, extra: { nonce?: string } = {}) =>
  signDpopProof(key, { htu: TOKEN_URL, nowMs: clock.now(), ...extra });

async function codeFor(
  server: AuthServer,
  params: Record<string, string | undefined> = {},
  jar = new CookieJar(),
) {
  const callback = await signIn(server, jar, params);
  const code = callback.searchParams.get('code');
  if (!code) throw new Error(`No code in ${callback}`);
  return code;
}

async function controlDpop(server: AuthServer, body: Record<string, unknown>) {
  const response = await server.app.request(`${AUTH}/__control/dpop`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await response.json()) as { dpop: { nonce: string; replayCacheSize: number } };
}

describe('the token endpoint with DPoP (RFC 9449 §5)', () => {
  it('binds the access token to the proof key: token_type DPoP and cnf.jkt', async () => {
    const { server, clock } = createTestServer();
    const code = await codeFor(server, { dpop_jkt: alice.jkt });
    const response = await exchangeCode(server, code, {}, { DPoP: tokenProof(clock) });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.token_type).toBe('DPoP');
    expect(decodeJwt(body.access_token).cnf).toEqual({ jkt: alice.jkt });
  });

  it('binds the token of a code issued without dpop_jkt when the exchange has a proof', async () => {
    const { server, clock } = createTestServer();
    const code = await codeFor(server);
    const body = await (await exchangeCode(server, code, {}, { DPoP: tokenProof(clock) })).json();
    expect(body.token_type).toBe('DPoP');
  });

  it('issues a bearer token to an allowed client that sends no proof', async () => {
    const { server } = createTestServer();
    const body = await (await exchangeCode(server, await codeFor(server))).json();
    expect(body.token_type).toBe('Bearer');
    expect(decodeJwt(body.access_token).cnf).toBeUndefined();
  });

  it('refuses a dpop_jkt-bound code exchanged with another key, or with no proof (invalid_grant)', async () => {
    const { server, clock } = createTestServer();
    const jar = new CookieJar();
    const other = await exchangeCode(
      server,
      await codeFor(server, { dpop_jkt: alice.jkt }, jar),
      {},
      { DPoP: tokenProof(clock, mallory) },
    );
    expect(other.status).toBe(400);
    expect(await other.json()).toEqual({
      error: 'invalid_grant',
      error_description:
        'The authorization code (dpop_jkt) is bound to another DPoP key than the one that signed this proof',
    });
    const none = await exchangeCode(server, await codeFor(server, { dpop_jkt: alice.jkt }, jar));
    expect(await none.json()).toMatchObject({
      error: 'invalid_grant',
      error_description: expect.stringContaining('send a DPoP proof'),
    });
  });

  it('binds the code of a prompt=none web_message renewal too', async () => {
    const { server, clock } = createTestServer();
    const jar = new CookieJar();
    await codeFor(server, {}, jar);
    const page = await browse(
      server,
      jar,
      authorizeUrl({ prompt: 'none', response_mode: 'web_message', dpop_jkt: alice.jkt }),
    );
    const code = postedMessage(await page.text()).message.response.code ?? '';
    const refused = await exchangeCode(server, code, {}, { DPoP: tokenProof(clock, mallory) });
    expect((await refused.json()).error).toBe('invalid_grant');
    const jar2 = new CookieJar();
    await codeFor(server, {}, jar2);
    const again = await browse(
      server,
      jar2,
      authorizeUrl({ prompt: 'none', response_mode: 'web_message', dpop_jkt: alice.jkt }),
    );
    const code2 = postedMessage(await again.text()).message.response.code ?? '';
    const ok = await exchangeCode(server, code2, {}, { DPoP: tokenProof(clock) });
    expect((await ok.json()).token_type).toBe('DPoP');
  });

  it('answers a bad proof with 400 invalid_dpop_proof and a precise description', async () => {
    const { server, clock } = createTestServer();
    const code = await codeFor(server);
    const proof = signDpopProof(alice, { htu: `${AUTH}/userinfo`, nowMs: clock.now() });
    const response = await exchangeCode(server, code, {}, { DPoP: proof });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'invalid_dpop_proof',
      error_description: `The DPoP proof's htu (${AUTH}/userinfo) is not this request's URL (${TOKEN_URL})`,
    });
  });

  it('refuses a required client that sends no proof (invalid_request)', async () => {
    const { server } = createTestServer(withPolicy(SPA_CLIENT_ID, 'required'));
    const response = await exchangeCode(server, await codeFor(server));
    expect(await response.json()).toEqual({
      error: 'invalid_request',
      error_description: `Client ${SPA_CLIENT_ID} must send a DPoP proof (its DPoP policy is "required")`,
    });
  });

  it('ignores proofs, even bad ones, for a client with DPoP off', async () => {
    const { server } = createTestServer(withPolicy(SPA_CLIENT_ID, 'off'));
    const code = await codeFor(server, { dpop_jkt: alice.jkt });
    const response = await exchangeCode(server, code, {}, { DPoP: 'garbage' });
    expect((await response.json()).token_type).toBe('Bearer');
  });

  it('refuses the implicit flow asked to bind (dpop_jkt), and for a client that requires DPoP', async () => {
    const implicit = { response_type: 'id_token token', code_challenge: undefined };
    const { server } = createTestServer(withPolicy(SPA_CLIENT_ID, 'allowed'));
    const jar = new CookieJar();
    await codeFor(server, {}, jar);
    const bound = await browse(server, jar, authorizeUrl({ ...implicit, dpop_jkt: alice.jkt }));
    const fragment = new URLSearchParams(
      new URL(bound.headers.get('location') ?? '').hash.slice(1),
    );
    expect(fragment.get('error')).toBe('invalid_request');
    expect(fragment.get('error_description')).toContain('cannot bind the implicit flow');

    const strict = createTestServer(withPolicy(SPA_CLIENT_ID, 'required')).server;
    const jar2 = new CookieJar();
    await codeFor(strict, {}, jar2);
    const refused = await browse(strict, jar2, authorizeUrl(implicit));
    const answer = new URLSearchParams(
      new URL(refused.headers.get('location') ?? '').hash.slice(1),
    );
    expect(answer.get('error_description')).toContain('requires DPoP');
  });

  it('refuses a dpop_jkt that is no thumbprint', async () => {
    const { server } = createTestServer();
    const jar = new CookieJar();
    await codeFor(server, {}, jar);
    const response = await browse(server, jar, authorizeUrl({ dpop_jkt: 'short' }));
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.searchParams.get('error')).toBe('invalid_request');
  });
});

describe("a public native client's refresh token bound to its key (RFC 9449 §5.8)", () => {
  async function nativeTokens(server: AuthServer, clock: TestClock, key = alice) {
    const code = await codeFor(server, {
      client_id: NATIVE_CLIENT_ID,
      redirect_uri: NATIVE_CALLBACK,
      scope: NATIVE_SCOPE,
    });
    const response = await exchangeCode(
      server,
      code,
      { client_id: NATIVE_CLIENT_ID, redirect_uri: NATIVE_CALLBACK },
      { DPoP: tokenProof(clock, key) },
    );
    return (await response.json()) as { refresh_token: string; token_type: string };
  }

  it('refreshes with a proof by the same key, and refuses another key or none', async () => {
    const { server, clock } = createTestServer();
    const tokens = await nativeTokens(server, clock);
    expect(tokens.token_type).toBe('DPoP');
    const stolen = await refreshWith(
      server,
      tokens.refresh_token,
      {},
      {
        headers: { DPoP: tokenProof(clock, mallory) },
      },
    );
    expect(await stolen.json()).toEqual({
      error: 'invalid_grant',
      error_description:
        'The refresh token is bound to another DPoP key than the one that signed this proof',
    });
    const bare = await refreshWith(server, tokens.refresh_token);
    expect((await bare.json()).error).toBe('invalid_grant');
    const own = await refreshWith(
      server,
      tokens.refresh_token,
      {},
      {
        headers: { DPoP: tokenProof(clock) },
      },
    );
    expect(own.status).toBe(200);
    const body = await own.json();
    expect(body.token_type).toBe('DPoP');
    expect(decodeJwt(body.access_token).cnf).toEqual({ jkt: alice.jkt });
  });

  it("leaves a confidential client's refresh token unbound", async () => {
    const { server, clock } = createTestServer();
    const issued = await postForm(
      server,
      '/oauth/token',
      {
        grant_type: 'password',
        client_id: REGULAR_WEB_CLIENT_ID,
        client_secret: REGULAR_WEB_TEST_SECRET,
        username: 'alice@example.com',
        password: 'wonderland',
        scope: 'openid offline_access',
      },
      { headers: { DPoP: tokenProof(clock) } },
    );
    const tokens = await issued.json();
    expect(tokens.token_type).toBe('DPoP');
    const refreshed = await refreshWith(server, tokens.refresh_token, {
      client_id: REGULAR_WEB_CLIENT_ID,
      client_secret: REGULAR_WEB_TEST_SECRET,
    });
    expect(refreshed.status).toBe(200);
    expect((await refreshed.json()).token_type).toBe('Bearer');
  });
});

describe('server nonces (RFC 9449 §8)', () => {
  it('answers use_dpop_nonce with a DPoP-Nonce, and takes the retry carrying it', async () => {
    const { server, clock } = createTestServer();
    await controlDpop(server, { requireNonce: true });
    const code = await codeFor(server);
    const first = await exchangeCode(server, code, {}, { DPoP: tokenProof(clock) });
    expect(first.status).toBe(400);
    expect((await first.json()).error).toBe('use_dpop_nonce');
    const nonce = first.headers.get('dpop-nonce') ?? '';
    expect(nonce).not.toBe('');
    const retry = await exchangeCode(
      server,
      code,
      {},
      { DPoP: tokenProof(clock, alice, { nonce }) },
    );
    expect(retry.status).toBe(200);
    expect(retry.headers.get('dpop-nonce')).toBe(nonce);
  });

  it('asks a client whose clock is off for a nonce, and then accepts its proof', async () => {
    const { server, clock } = createTestServer();
    const code = await codeFor(server);
    const skewed = signDpopProof(alice, { htu: TOKEN_URL, nowMs: clock.now() - 3_600_000 });
    const first = await exchangeCode(server, code, {}, { DPoP: skewed });
    expect(await first.json()).toMatchObject({
      error: 'use_dpop_nonce',
      error_description: expect.stringContaining('iat is 3600 s behind'),
    });
    const nonce = first.headers.get('dpop-nonce') ?? '';
    const retry = signDpopProof(alice, { htu: TOKEN_URL, nowMs: clock.now() - 3_600_000, nonce });
    expect((await exchangeCode(server, code, {}, { DPoP: retry })).status).toBe(200);
  });

  it('refuses a nonce rotated out two periods ago', async () => {
    const { server, clock } = createTestServer();
    const { dpop } = await controlDpop(server, { requireNonce: true, nonceRotationSeconds: 60 });
    clock.advance(121_000);
    const response = await exchangeCode(
      server,
      await codeFor(server),
      {},
      {
        DPoP: tokenProof(clock, alice, { nonce: dpop.nonce }),
      },
    );
    expect((await response.json()).error).toBe('use_dpop_nonce');
  });
});

describe('/userinfo with a DPoP-bound token (RFC 9449 §7)', () => {
  async function boundToken(server: AuthServer, clock: TestClock): Promise<string> {
    const code = await codeFor(server, { dpop_jkt: alice.jkt });
    return (await (await exchangeCode(server, code, {}, { DPoP: tokenProof(clock) })).json())
      .access_token;
  }
  const userinfo = (server: AuthServer, headers: Record<string, string>) =>
    server.app.request(USERINFO_URL, { headers });
  const resourceProof = (clock: TestClock, token: string, key: TestDpopKey = alice) =>
    signDpopProof(key, { htm: 'GET', htu: USERINFO_URL, nowMs: clock.now(), accessToken: token });

  it('answers a DPoP token with a proof carrying ath', async () => {
    const { server, clock } = createTestServer();
    const token = await boundToken(server, clock);
    const response = await userinfo(server, {
      Authorization: `DPoP ${token}`,
      DPoP: resourceProof(clock, token),
    });
    expect(response.status).toBe(200);
    expect((await response.json()).sub).toBe('auth0|alice');
  });

  it('refuses the bound token as Bearer: 401 invalid_token', async () => {
    const { server, clock } = createTestServer();
    const token = await boundToken(server, clock);
    const response = await userinfo(server, { Authorization: `Bearer ${token}` });
    expect(response.status).toBe(401);
    expect((await response.json()).error).toBe('invalid_token');
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer .*error="invalid_token"/);
  });

  it.each([
    ['no proof', () => undefined, 'invalid_dpop_proof', 'needs a DPoP header'],
    [
      'a proof by another key',
      (c: TestClock, t: string) => resourceProof(c, t, mallory),
      'invalid_dpop_proof',
      'another key',
    ],
    [
      'a proof without ath',
      (c: TestClock) => signDpopProof(alice, { htm: 'GET', htu: USERINFO_URL, nowMs: c.now() }),
      'invalid_dpop_proof',
      'has no ath',
    ],
    [
      'a proof for another method',
      (c: TestClock, t: string) =>
        signDpopProof(alice, { htm: 'POST', htu: USERINFO_URL, nowMs: c.now(), accessToken: t }),
      'invalid_dpop_proof',
      'htm (POST)',
    ],
  ])(
    'refuses %s with a DPoP challenge naming the algorithms',
    async (_name, makeProof, error, text) => {
      const { server, clock } = createTestServer();
      const token = await boundToken(server, clock);
      const proof = makeProof(clock, token);
      const response = await userinfo(server, {
        Authorization: `DPoP ${token}`,
        ...(proof === undefined ? {} : { DPoP: proof }),
      });
      expect(response.status).toBe(401);
      const body = await response.json();
      expect(body.error).toBe(error);
      expect(body.error_description).toContain(text);
      expect(response.headers.get('www-authenticate')).toMatch(
        new RegExp(`^DPoP .*error="${error}".*algs="ES256 `),
      );
    },
  );

  it('refuses a replayed proof', async () => {
    const { server, clock } = createTestServer();
    const token = await boundToken(server, clock);
    const headers = { Authorization: `DPoP ${token}`, DPoP: resourceProof(clock, token) };
    expect((await userinfo(server, headers)).status).toBe(200);
    const again = await userinfo(server, headers);
    expect((await again.json()).error_description).toContain('used before');
  });

  it('refuses an unbound token sent as DPoP', async () => {
    const { server } = createTestServer();
    const code = await codeFor(server);
    const token = (await (await exchangeCode(server, code)).json()).access_token;
    const response = await userinfo(server, { Authorization: `DPoP ${token}` });
    expect(await response.json()).toMatchObject({ error: 'invalid_token' });
  });

  it('asks for the nonce when nonces are required (401 use_dpop_nonce, DPoP-Nonce)', async () => {
    const { server, clock } = createTestServer();
    const token = await boundToken(server, clock);
    await controlDpop(server, { requireNonce: true });
    const response = await userinfo(server, {
      Authorization: `DPoP ${token}`,
      DPoP: resourceProof(clock, token),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('error="use_dpop_nonce"');
    const nonce = response.headers.get('dpop-nonce') ?? '';
    const retry = await userinfo(server, {
      Authorization: `DPoP ${token}`,
      DPoP: signDpopProof(alice, {
        htm: 'GET',
        htu: USERINFO_URL,
        nowMs: clock.now(),
        accessToken: token,
        nonce,
      }),
    });
    expect(retry.status).toBe(200);
  });
});

describe('DPoP around the endpoints', () => {
  it('advertises the proof algorithms in discovery', async () => {
    const { server } = createTestServer();
    const discovery = await (
      await server.app.request(`${AUTH}/.well-known/openid-configuration`)
    ).json();
    expect(discovery.dpop_signing_alg_values_supported).toEqual(
      expect.arrayContaining(['ES256', 'RS256']),
    );
  });

  it('lets a web origin send DPoP and read DPoP-Nonce (CORS)', async () => {
    const { server } = createTestServer();
    const preflight = await server.app.request(TOKEN_URL, {
      method: 'OPTIONS',
      headers: {
        Origin: SPA_ORIGIN,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'dpop,content-type',
      },
    });
    expect(preflight.headers.get('access-control-allow-headers')).toContain('DPoP');
    expect(preflight.headers.get('access-control-expose-headers')).toContain('DPoP-Nonce');
  });

  it('logs the proof key thumbprint, never the proof', async () => {
    const { server, clock } = createTestServer();
    const proof = tokenProof(clock);
    await exchangeCode(server, await codeFor(server, { dpop_jkt: alice.jkt }), {}, { DPoP: proof });
    const log = await (await server.app.request(`${AUTH}/__control/requests`)).text();
    const events = await (await server.app.request(`${AUTH}/__control/events`)).json();
    expect(JSON.parse(log).requests.at(-1)).toMatchObject({
      path: '/oauth/token',
      dpopJkt: alice.jkt,
    });
    expect(log).not.toContain(proof.split('.')[2]);
    expect(events.events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'code_issued', dpopJkt: alice.jkt }),
        expect.objectContaining({ type: 'tokens_issued', dpopJkt: alice.jkt }),
      ]),
    );
  });
});
