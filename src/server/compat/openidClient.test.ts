/**
 * openid-client 6 (a certified OpenID relying party) against this server, as an installed app
 * and as a machine-to-machine client would use it: code + PKCE on a loopback redirect with
 * offline_access, refresh (its ID token validated again), userinfo, revocation, the device
 * flow, client credentials. The server runs on the real clock here: the client checks iat/exp.
 */
import * as client from 'openid-client';
import { describe, expect, it } from 'vitest';
import { M2M_CLIENT_ID, M2M_TEST_SECRET, NATIVE_CLIENT_ID } from '../../protocol/defaults.ts';
import { seedConfig } from '../config.ts';
import { type AuthServer, createAuthServer } from '../createAuthServer.ts';
import {
  ALICE,
  API_AUDIENCE,
  answerDeviceCode,
  browse,
  CookieJar,
  ISSUER,
  NATIVE_CALLBACK,
  signInOnServer,
  submitLogin,
  testSigningKey,
} from '../testSupport/testServer.ts';

function realTimeServer(): AuthServer {
  const config = seedConfig();
  return createAuthServer(
    // A one-second poll interval keeps the device flow test short (openid-client really waits).
    { ...config, lifetimes: { devicePollIntervalSeconds: 1 } },
    { signingKey: testSigningKey, logger: { error: () => undefined } },
  );
}

async function configure(
  server: AuthServer,
  clientId: string,
  auth: client.ClientAuth = client.None(),
): Promise<client.Configuration> {
  const fetchFromServer: client.CustomFetch = async (url, options) =>
    server.app.request(url, {
      method: options.method,
      headers: options.headers,
      body: options.body as BodyInit | undefined,
      redirect: options.redirect,
    });
  return client.discovery(new URL(ISSUER), clientId, undefined, auth, {
    execute: [client.allowInsecureRequests],
    [client.customFetch]: fetchFromServer,
  });
}

describe('openid-client 6 against the bundled server', () => {
  it('native app: code + PKCE + offline_access, refresh, userinfo, revocation', async () => {
    const server = realTimeServer();
    const config = await configure(server, NATIVE_CLIENT_ID);
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: NATIVE_CALLBACK,
      scope: 'openid profile email offline_access',
      audience: API_AUDIENCE,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      device: 'openid-client test',
    });
    const jar = new CookieJar();
    const start = await browse(server, jar, url.href);
    const posted = await submitLogin(server, jar, start.headers.get('location') ?? '', ALICE);
    const resumed = await browse(server, jar, posted.headers.get('location') ?? '');
    const callback = new URL(resumed.headers.get('location') ?? '');

    const tokens = await client.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedState: state,
      idTokenExpected: true,
    });
    expect(tokens.refresh_token).toEqual(expect.any(String));
    expect(tokens.scope).toBe('openid profile email offline_access');
    const claims = tokens.claims();
    expect(claims).toMatchObject({ sub: ALICE.sub, iss: ISSUER, aud: NATIVE_CLIENT_ID });

    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token ?? '');
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect(refreshed.claims()?.sub).toBe(ALICE.sub);

    const userinfo = await client.fetchUserInfo(config, refreshed.access_token, ALICE.sub);
    expect(userinfo.email).toBe(ALICE.email);

    await client.tokenRevocation(config, tokens.refresh_token ?? '');
    await expect(
      client.refreshTokenGrant(config, tokens.refresh_token ?? ''),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('native app with DPoP: a bound code, tokens, refresh, userinfo, nonces and revocation', async () => {
    const server = realTimeServer();
    const config = await configure(server, NATIVE_CLIENT_ID);
    const DPoP = client.getDPoPHandle(config, await client.randomDPoPKeyPair('ES256'));
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: NATIVE_CALLBACK,
      scope: 'openid profile email offline_access',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      dpop_jkt: await DPoP.calculateThumbprint(),
      state,
    });
    const jar = new CookieJar();
    const start = await browse(server, jar, url.href);
    const posted = await submitLogin(server, jar, start.headers.get('location') ?? '', ALICE);
    const resumed = await browse(server, jar, posted.headers.get('location') ?? '');
    const callback = new URL(resumed.headers.get('location') ?? '');

    const tokens = await client.authorizationCodeGrant(
      config,
      callback,
      { pkceCodeVerifier: verifier, expectedState: state, idTokenExpected: true },
      undefined,
      { DPoP },
    );
    expect(tokens.token_type).toBe('dpop');
    const refreshToken = tokens.refresh_token ?? '';

    // Another key cannot use the refresh token.
    const thief = client.getDPoPHandle(config, await client.randomDPoPKeyPair('ES256'));
    await expect(
      client.refreshTokenGrant(config, refreshToken, undefined, { DPoP: thief }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
    await expect(client.refreshTokenGrant(config, refreshToken)).rejects.toMatchObject({
      error: 'invalid_grant',
    });

    // With nonces required, openid-client learns the nonce from use_dpop_nonce and retries by itself.
    await server.app.request(`${ISSUER}__control/dpop`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ requireNonce: true }),
    });
    const refreshed = await client.refreshTokenGrant(config, refreshToken, undefined, { DPoP });
    expect(refreshed.token_type).toBe('dpop');
    const events = await (await server.app.request(`${ISSUER}__control/events`)).json();
    expect(events.events).toContainEqual(
      expect.objectContaining({ type: 'error', endpoint: '/oauth/token', error: 'use_dpop_nonce' }),
    );
    const userinfo = await client.fetchUserInfo(config, refreshed.access_token, ALICE.sub, {
      DPoP,
    });
    expect(userinfo.email).toBe(ALICE.email);

    await client.tokenRevocation(config, refreshToken);
    await expect(
      client.refreshTokenGrant(config, refreshToken, undefined, { DPoP }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('device flow: initiate, approve on /activate, poll', async () => {
    const server = realTimeServer();
    const config = await configure(server, NATIVE_CLIENT_ID);
    const started = await client.initiateDeviceAuthorization(config, {
      scope: 'openid offline_access',
    });
    expect(started.verification_uri).toBe(`${ISSUER}activate`);
    const jar = new CookieJar();
    await signInOnServer(server, jar, '/activate');
    await answerDeviceCode(server, jar, started.user_code);
    const tokens = await client.pollDeviceAuthorizationGrant(config, started);
    expect(tokens.refresh_token).toEqual(expect.any(String));
    expect(tokens.claims()?.sub).toBe(ALICE.sub);
  });

  it('machine to machine: client credentials for the management API', async () => {
    const server = realTimeServer();
    const config = await configure(server, M2M_CLIENT_ID, client.ClientSecretPost(M2M_TEST_SECRET));
    const tokens = await client.clientCredentialsGrant(config, { audience: `${ISSUER}api/v2/` });
    expect(tokens.scope).toBe('read:device_credentials delete:device_credentials');
    const response = await server.app.request(`${ISSUER}api/v2/device-credentials`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(response.status).toBe(200);
  });
});
