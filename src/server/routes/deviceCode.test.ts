import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { NATIVE_CLIENT_ID, SPA_CLIENT_ID } from '../../protocol/defaults.ts';
import type { AuthServer } from '../createAuthServer.ts';
import {
  ALICE,
  API_AUDIENCE,
  browse,
  CookieJar,
  createTestServer,
  formPost,
  hiddenField,
  ISSUER,
  postForm,
} from '../testSupport/testServer.ts';

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

async function startDevice(server: AuthServer, fields: Record<string, string | undefined> = {}) {
  const response = await postForm(server, '/oauth/device/code', {
    client_id: NATIVE_CLIENT_ID,
    scope: 'openid email offline_access read:profile',
    audience: API_AUDIENCE,
    device: 'Living room TV',
    ...fields,
  });
  return { response, body: await response.json() };
}

const poll = (server: AuthServer, deviceCode: string, clientId = NATIVE_CLIENT_ID) =>
  postForm(server, '/oauth/token', {
    grant_type: DEVICE_GRANT,
    client_id: clientId,
    device_code: deviceCode,
  });

/** Signs in on the server's own login page, following /activate's redirect there. */
async function signInForActivation(server: AuthServer, jar: CookieJar, activateUrl: string) {
  const first = await browse(server, jar, activateUrl);
  expect(first.status).toBe(302);
  const loginUrl = first.headers.get('location') ?? '';
  expect(loginUrl).toMatch(/^\/login\?returnTo=%2Factivate/);
  const page = await (await browse(server, jar, loginUrl)).text();
  expect(page).toContain('<label for="email">Email</label>');
  const posted = await browse(
    server,
    jar,
    '/login',
    formPost({
      returnTo: hiddenField(page, 'returnTo'),
      csrf: hiddenField(page, 'csrf'),
      email: ALICE.email,
      password: ALICE.password,
    }),
  );
  expect(posted.status).toBe(303);
  return posted.headers.get('location') ?? '';
}

/** The user types the code and answers on the confirmation page. */
async function answer(server: AuthServer, jar: CookieJar, userCode: string, decision: string) {
  const entry = await (await browse(server, jar, '/activate')).text();
  const confirm = await browse(
    server,
    jar,
    '/activate',
    formPost({ csrf: hiddenField(entry, 'csrf'), user_code: userCode.toLowerCase() }),
  );
  expect(confirm.status).toBe(200);
  const page = await confirm.text();
  expect(page).toContain('Silent Auth Lab native app');
  expect(page).toContain('Living room TV');
  return browse(
    server,
    jar,
    '/activate/confirm',
    formPost({
      csrf: hiddenField(page, 'csrf'),
      user_code: hiddenField(page, 'user_code'),
      decision,
    }),
  );
}

describe('device authorization (RFC 8628)', () => {
  it('POST /oauth/device/code answers with codes, the verification URIs, lifetime and interval', async () => {
    const { server } = createTestServer();
    const { response, body } = await startDevice(server);
    expect(response.status).toBe(200);
    expect(body).toEqual({
      device_code: expect.any(String),
      user_code: expect.stringMatching(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/),
      verification_uri: `${ISSUER}activate`,
      verification_uri_complete: `${ISSUER}activate?user_code=${body.user_code}`,
      expires_in: 900,
      interval: 5,
    });
  });

  it('polls authorization_pending, slow_down when too fast, then tokens and a refresh token', async () => {
    const { server, clock } = createTestServer();
    const { body } = await startDevice(server);
    expect(await (await poll(server, body.device_code)).json()).toMatchObject({
      error: 'authorization_pending',
    });
    clock.advance(1_000);
    const tooFast = await (await poll(server, body.device_code)).json();
    expect(tooFast).toMatchObject({ error: 'slow_down' });
    expect(tooFast.error_description).toContain('10 seconds');
    clock.advance(10_000);
    expect(await (await poll(server, body.device_code)).json()).toMatchObject({
      error: 'authorization_pending',
    });

    const jar = new CookieJar();
    const back = await signInForActivation(server, jar, body.verification_uri_complete);
    expect(back).toBe(`/activate?user_code=${body.user_code}`);
    const prefilled = await (await browse(server, jar, back)).text();
    expect(prefilled).toContain(`value="${body.user_code}"`);
    const done = await answer(server, jar, body.user_code, 'accept');
    expect(await done.text()).toContain('Device connected');

    clock.advance(10_000);
    const granted = await poll(server, body.device_code);
    expect(granted.status).toBe(200);
    const tokens = await granted.json();
    expect(tokens).toMatchObject({
      token_type: 'Bearer',
      refresh_token: expect.any(String),
      scope: 'openid email offline_access read:profile',
    });
    expect(decodeJwt(tokens.id_token)).toMatchObject({ sub: ALICE.sub });
    expect(server.control.listRefreshTokens()[0]).toMatchObject({ device: 'Living room TV' });
    // Single use.
    expect(await (await poll(server, body.device_code)).json()).toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('answers access_denied once the user cancels', async () => {
    const { server } = createTestServer();
    const { body } = await startDevice(server);
    const jar = new CookieJar();
    await signInForActivation(server, jar, '/activate');
    const done = await answer(server, jar, body.user_code, 'deny');
    expect(await done.text()).toContain('Device not connected');
    expect(await (await poll(server, body.device_code)).json()).toMatchObject({
      error: 'access_denied',
    });
  });

  it('answers expired_token after the lifetime, and the code no longer activates', async () => {
    const { server, clock } = createTestServer();
    const { body } = await startDevice(server);
    clock.advance(901_000);
    expect(await (await poll(server, body.device_code)).json()).toMatchObject({
      error: 'expired_token',
    });
    const jar = new CookieJar();
    await signInForActivation(server, jar, '/activate');
    const entry = await (await browse(server, jar, '/activate')).text();
    const refused = await browse(
      server,
      jar,
      '/activate',
      formPost({ csrf: hiddenField(entry, 'csrf'), user_code: body.user_code }),
    );
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('That code is not valid or has expired.');
  });

  it('refuses a poll by another client', async () => {
    const { server } = createTestServer();
    const { body } = await startDevice(server);
    const response = await poll(server, body.device_code, 'silent-auth-lab-spa');
    expect(await response.json()).toMatchObject({ error: 'unauthorized_client' });
  });

  it('refuses clients without the device code grant', async () => {
    const { server } = createTestServer();
    const { response, body } = await startDevice(server, { client_id: SPA_CLIENT_ID });
    expect(response.status).toBe(400);
    expect(body).toMatchObject({ error: 'unauthorized_client' });
  });

  it('refuses an activation form without the session CSRF token', async () => {
    const { server } = createTestServer();
    const { body } = await startDevice(server);
    const jar = new CookieJar();
    await signInForActivation(server, jar, '/activate');
    const response = await browse(
      server,
      jar,
      '/activate',
      formPost({ csrf: 'forged', user_code: body.user_code }),
    );
    expect(response.status).toBe(403);
  });

  it('shows the verification page only to a signed-in user, with "Code" and "Continue"', async () => {
    const { server } = createTestServer();
    const jar = new CookieJar();
    await signInForActivation(server, jar, '/activate');
    const response = await browse(server, jar, '/activate');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    const html = await response.text();
    expect(html).toContain('<label for="user_code">Code</label>');
    expect(html).toContain('<button type="submit">Continue</button>');
    expect(html).toContain(ALICE.email);
  });
});
