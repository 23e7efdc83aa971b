import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { SPA_CLIENT_ID, THIRD_PARTY_SPA_CLIENT_ID } from '../../protocol/defaults.ts';
import type { AuthServer } from '../createAuthServer.ts';

import type { Rule } from '../domain/rules.ts';
import {
  ALICE,
  API_AUDIENCE,
  AUTH,
  BOB,
  browse,
  CALLBACK,
  CHALLENGE,
  CookieJar,
  createTestServer,
  exchangeCode,
  ISSUER,
  SPA_ORIGIN,
  signedInTestServer,
} from '../testSupport/testServer.ts';

const WEBIDENTITY = { 'sec-fetch-dest': 'webidentity' };
const NONCE = 'fedcm-nonce-1';

const providerParams = (overrides: Record<string, string | undefined> = {}) =>
  JSON.stringify({
    nonce: NONCE,
    code_challenge: CHALLENGE,
    code_challenge_method: 'S256',
    scope: 'openid profile email read:profile offline_access',
    audience: API_AUDIENCE,
    ...overrides,
  });

/** The form Chromium posts to the assertion endpoint (FedCM §"Fetch the identity assertion"). */
const assertionForm = (fields: Record<string, string | undefined> = {}) => {
  const form = new URLSearchParams();
  const all: Record<string, string | undefined> = {
    client_id: SPA_CLIENT_ID,
    account_id: ALICE.sub,
    disclosure_text_shown: 'false',
    is_auto_selected: 'false',
    params: providerParams(),
    ...fields,
  };
  for (const [name, value] of Object.entries(all)) if (value !== undefined) form.set(name, value);
  return form.toString();
};

const post = (
  server: AuthServer,
  jar: CookieJar,
  path: string,
  body: string,
  headers: Record<string, string> = { ...WEBIDENTITY, origin: SPA_ORIGIN },
) =>
  browse(server, jar, path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });

const assertion = (
  server: AuthServer,
  jar: CookieJar,
  fields: Record<string, string | undefined> = {},
  headers?: Record<string, string>,
) => post(server, jar, '/fedcm/assertion', assertionForm(fields), headers);

const accounts = (
  server: AuthServer,
  jar: CookieJar,
  headers: Record<string, string> = WEBIDENTITY,
) => browse(server, jar, '/fedcm/accounts', { headers });

const events = async (server: AuthServer) =>
  (await server.app.request(`${AUTH}/__control/events`)).json().then((body) => body.events);

describe('FedCM documents', () => {
  it('serves the well-known file and config at the issuer reached, the well-known repeating accounts_endpoint and login_url', async () => {
    const { server } = createTestServer();
    for (const base of [AUTH, 'http://127.0.0.1:4400']) {
      const wellKnown = await (await server.app.request(`${base}/.well-known/web-identity`)).json();
      const config = await (await server.app.request(`${base}/fedcm/config.json`)).json();
      expect(wellKnown).toEqual({
        provider_urls: [`${base}/fedcm/config.json`],
        accounts_endpoint: config.accounts_endpoint,
        login_url: config.login_url,
      });
      expect(config).toMatchObject({
        accounts_endpoint: `${base}/fedcm/accounts`,
        client_metadata_endpoint: `${base}/fedcm/client_metadata`,
        id_assertion_endpoint: `${base}/fedcm/assertion`,
        disconnect_endpoint: `${base}/fedcm/disconnect`,
        login_url: `${base}/login`,
      });
    }
  });

  it('client metadata: an empty object for a FedCM client; unknown or FedCM-off clients refused', async () => {
    const { server } = createTestServer((config) => ({
      ...config,
      clients: config.clients?.map((client) =>
        client.clientId === THIRD_PARTY_SPA_CLIENT_ID ? { ...client, fedcm: false } : client,
      ),
    }));
    const metadata = (clientId: string, headers: Record<string, string> = WEBIDENTITY) =>
      server.app.request(`${AUTH}/fedcm/client_metadata?client_id=${clientId}`, { headers });
    expect(await (await metadata(SPA_CLIENT_ID)).json()).toEqual({});
    expect(await (await metadata('nobody')).json()).toMatchObject({ error: 'invalid_client' });
    expect(await (await metadata(THIRD_PARTY_SPA_CLIENT_ID)).json()).toMatchObject({
      error: 'unauthorized_client',
    });
    expect((await metadata(SPA_CLIENT_ID, {})).status).toBe(400);
  });
});

describe('GET /fedcm/accounts', () => {
  it('refuses a request that is not the browser’s FedCM fetch (no Sec-Fetch-Dest: webidentity)', async () => {
    const { server, jar } = await signedInTestServer();
    const response = await accounts(server, jar, { 'sec-fetch-dest': 'empty' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('without a session: 401 login_required and Set-Login: logged-out', async () => {
    const { server } = createTestServer();
    const response = await accounts(server, new CookieJar());
    expect(response.status).toBe(401);
    expect(response.headers.get('set-login')).toBe('logged-out');
    expect(await response.json()).toMatchObject({ error: 'login_required' });
  });

  it('lists the signed-in user; approved_clients comes from real grants (none until a FedCM sign-in)', async () => {
    const { server, jar } = await signedInTestServer();
    const before = await (await accounts(server, jar)).json();
    expect(before).toEqual({
      accounts: [
        {
          id: ALICE.sub,
          name: expect.any(String),
          email: ALICE.email,
          given_name: expect.any(String),
          approved_clients: [],
          login_hints: [ALICE.email],
        },
      ],
    });
    expect((await assertion(server, jar)).status).toBe(200);
    const after = await (await accounts(server, jar)).json();
    expect(after.accounts[0].approved_clients).toEqual([SPA_CLIENT_ID]);
  });
});

describe('POST /fedcm/assertion (OAuth profile: a PKCE-bound code)', () => {
  it('answers the registered origin with a code, CORS for that origin with credentials; /oauth/token exchanges it without redirect_uri and no refresh token for the SPA', async () => {
    const { server, jar } = await signedInTestServer();
    const response = await assertion(server, jar);
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(SPA_ORIGIN);
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    const { token } = await response.json();
    const exchanged = await exchangeCode(server, token, { redirect_uri: undefined });
    expect(exchanged.status).toBe(200);
    const tokens = await exchanged.json();
    expect(tokens.refresh_token).toBeUndefined();
    expect(tokens.scope).not.toContain('offline_access');
    const idToken = decodeJwt(tokens.id_token);
    expect(idToken).toMatchObject({
      sub: ALICE.sub,
      nonce: NONCE,
      aud: SPA_CLIENT_ID,
      iss: ISSUER,
    });
    expect(await events(server)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'fedcm_assertion',
          clientId: SPA_CLIENT_ID,
          userId: ALICE.sub,
          autoSelected: false,
        }),
      ]),
    );
  });

  it('records an auto re-authentication as such', async () => {
    const { server, jar } = await signedInTestServer();
    await assertion(server, jar, { is_auto_selected: 'true' });
    expect(await events(server)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'fedcm_assertion', autoSelected: true }),
      ]),
    );
  });

  it('the code is bound: a wrong verifier or a redirect_uri is refused at the token endpoint', async () => {
    const { server, jar } = await signedInTestServer();
    const first = (await (await assertion(server, jar)).json()).token;
    const wrongVerifier = await exchangeCode(server, first, {
      redirect_uri: undefined,
      code_verifier: 'x'.repeat(43),
    });
    expect(await wrongVerifier.json()).toMatchObject({ error: 'invalid_grant' });
    const second = (await (await assertion(server, jar)).json()).token;
    const withRedirect = await exchangeCode(server, second);
    expect(await withRedirect.json()).toMatchObject({
      error: 'invalid_grant',
      error_description: expect.stringContaining('FedCM'),
    });
  });

  it('binds the code to a registered params.redirect_uri (for libraries that always send one); refuses an unregistered one', async () => {
    const { server, jar } = await signedInTestServer();
    const bound = await assertion(server, jar, {
      params: providerParams({ redirect_uri: CALLBACK }),
    });
    const { token } = await bound.json();
    expect(
      await (await exchangeCode(server, token, { redirect_uri: undefined })).json(),
    ).toMatchObject({
      error: 'invalid_request',
    });
    const again = (
      await (
        await assertion(server, jar, { params: providerParams({ redirect_uri: CALLBACK }) })
      ).json()
    ).token;
    expect((await exchangeCode(server, again)).status).toBe(200);
    const unregistered = await assertion(server, jar, {
      params: providerParams({ redirect_uri: 'http://evil.test/cb' }),
    });
    expect(await unregistered.json()).toMatchObject({ error: { code: 'invalid_request' } });
  });

  it('refuses a request without Sec-Fetch-Dest: webidentity, with no CORS', async () => {
    const { server, jar } = await signedInTestServer();
    const response = await assertion(server, jar, {}, { origin: SPA_ORIGIN });
    expect(response.status).toBe(400);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('refuses an origin that is not a registered web origin of the client, with no CORS', async () => {
    const { server, jar } = await signedInTestServer();
    const response = await assertion(
      server,
      jar,
      {},
      { ...WEBIDENTITY, origin: 'http://evil.test' },
    );
    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('refuses an unknown client and a client with FedCM off', async () => {
    const { server, jar } = await signedInTestServer();
    expect(await (await assertion(server, jar, { client_id: 'nobody' })).json()).toMatchObject({
      error: 'invalid_client',
    });
    await server.app.request(`${AUTH}/__control/clients/${SPA_CLIENT_ID}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fedcm: false }),
    });
    const off = await assertion(server, jar);
    expect(off.status).toBe(400);
    expect(off.headers.get('access-control-allow-origin')).toBe(SPA_ORIGIN);
    expect(await off.json()).toMatchObject({ error: { code: 'unauthorized_client' } });
  });

  it('refuses without a session: login_required in FedCM’s error shape, readable by the origin', async () => {
    const { server } = createTestServer();
    const response = await assertion(server, new CookieJar());
    expect(response.status).toBe(401);
    expect(response.headers.get('access-control-allow-origin')).toBe(SPA_ORIGIN);
    expect(await response.json()).toMatchObject({ error: { code: 'login_required' } });
  });

  it('refuses an account other than the signed-in one', async () => {
    const { server, jar } = await signedInTestServer();
    const response = await assertion(server, jar, { account_id: BOB.sub });
    expect(await response.json()).toMatchObject({ error: { code: 'access_denied' } });
  });

  it.each([
    ['no nonce', { nonce: undefined }, 'nonce'],
    [
      'no code_challenge',
      { code_challenge: undefined, code_challenge_method: undefined },
      'code_challenge',
    ],
    ['the plain method', { code_challenge_method: 'plain' }, 'S256'],
  ])('refuses params with %s', async (_name, overrides, mentioned) => {
    const { server, jar } = await signedInTestServer();
    const response = await assertion(server, jar, { params: providerParams(overrides) });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error).toEqual({ code: 'invalid_request' });
    expect(body.error_description).toContain(mentioned);
  });

  it('refuses params that are not a JSON object of strings', async () => {
    const { server, jar } = await signedInTestServer();
    for (const params of ['not json', '[]', JSON.stringify({ nonce: 1 })]) {
      const response = await assertion(server, jar, { params });
      expect(await response.json()).toMatchObject({ error: { code: 'invalid_request' } });
    }
  });

  it('accepts the deprecated top-level nonce', async () => {
    const { server, jar } = await signedInTestServer();
    const response = await assertion(server, jar, {
      nonce: 'top-level',
      params: providerParams({ nonce: undefined }),
    });
    expect(response.status).toBe(200);
  });

  it('refuses a third-party client the user has not consented to (consent_required)', async () => {
    const { server, jar } = await signedInTestServer();
    const response = await assertion(server, jar, { client_id: THIRD_PARTY_SPA_CLIENT_ID });
    expect(await response.json()).toMatchObject({ error: { code: 'consent_required' } });
  });

  it('runs the rules with context.protocol fedcm; a refusing rule refuses the assertion', async () => {
    const protocols: string[] = [];
    const rule: Rule = (_user, context) => {
      protocols.push(context.protocol);
      if (protocols.filter((p) => p === 'fedcm').length > 1) throw new Error('no more');
    };
    const { server, jar } = await signedInTestServer((config) => ({ ...config, rules: [rule] }));
    expect((await assertion(server, jar)).status).toBe(200);
    expect(protocols).toEqual(['oidc-basic-profile', 'fedcm']);
    const refused = await assertion(server, jar);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: 'access_denied' } });
  });

  it('counts against the client rate limit: 429 with Retry-After, readable by the origin', async () => {
    const { server, jar } = await signedInTestServer((config) => ({
      ...config,
      rateLimits: { client: { limit: 1, windowSeconds: 60 } },
    }));
    expect((await assertion(server, jar)).status).toBe(200);
    const limited = await assertion(server, jar);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(limited.headers.get('access-control-expose-headers')).toContain('Retry-After');
    expect(await limited.json()).toMatchObject({ error: { code: 'too_many_requests' } });
  });

  it('a forced error (control API faults) answers in FedCM’s shape with CORS, then as usual', async () => {
    const { server, jar } = await signedInTestServer();
    await server.app.request(`${AUTH}/__control/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'error',
        path: '/fedcm/assertion',
        error: 'temporarily_unavailable',
        times: 1,
      }),
    });
    const forced = await assertion(server, jar);
    expect(forced.status).toBe(503);
    expect(forced.headers.get('access-control-allow-origin')).toBe(SPA_ORIGIN);
    expect(await forced.json()).toMatchObject({ error: { code: 'temporarily_unavailable' } });
    expect((await assertion(server, jar)).status).toBe(200);
  });
});

describe('POST /fedcm/disconnect', () => {
  it('drops the grant, so approved_clients no longer names the client; answers the account id', async () => {
    const { server, jar } = await signedInTestServer();
    await assertion(server, jar);
    const response = await post(
      server,
      jar,
      '/fedcm/disconnect',
      new URLSearchParams({ client_id: SPA_CLIENT_ID, account_hint: ALICE.email }).toString(),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(SPA_ORIGIN);
    expect(await response.json()).toEqual({ account_id: ALICE.sub });
    expect((await (await accounts(server, jar)).json()).accounts[0].approved_clients).toEqual([]);
  });

  it('refuses a hint naming another account, and a caller that is not the browser’s FedCM fetch', async () => {
    const { server, jar } = await signedInTestServer();
    const body = new URLSearchParams({
      client_id: SPA_CLIENT_ID,
      account_hint: BOB.email,
    }).toString();
    const wrong = await post(server, jar, '/fedcm/disconnect', body);
    expect(await wrong.json()).toMatchObject({ error: { code: 'invalid_request' } });
    const notFedCm = await post(server, jar, '/fedcm/disconnect', body, { origin: SPA_ORIGIN });
    expect(notFedCm.status).toBe(400);
    expect(notFedCm.headers.get('access-control-allow-origin')).toBeNull();
  });
});
