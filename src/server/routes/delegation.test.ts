import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { NATIVE_CLIENT_ID, SPA_CLIENT_ID } from '../../protocol/defaults.ts';
import type { AuthServer } from '../createAuthServer.ts';
import {
  ALICE,
  AUTH,
  CookieJar,
  createTestServer,
  ISSUER,
  postForm,
  SPA_ORIGIN,
  signInForTokens,
  signInNative,
} from '../testSupport/testServer.ts';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

const delegate = (
  server: AuthServer,
  fields: Record<string, string | undefined>,
  headers: Record<string, string> = {},
) =>
  postForm(
    server,
    '/delegation',
    { grant_type: JWT_BEARER, client_id: NATIVE_CLIENT_ID, api_type: 'app', ...fields },
    { headers },
  );

describe('POST /delegation (legacy, deprecated)', () => {
  it('turns a refresh token into a new ID token, marked deprecated', async () => {
    const { server, clock } = createTestServer();
    const tokens = await signInNative(server);
    clock.advance(60_000);
    const response = await delegate(server, {
      refresh_token: tokens.refresh_token,
      scope: 'openid email',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('deprecation')).toBe('@1496880000');
    const body = await response.json();
    expect(body).toEqual({
      id_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 36_000,
    });
    expect(decodeJwt(body.id_token)).toMatchObject({
      iss: ISSUER,
      sub: ALICE.sub,
      aud: NATIVE_CLIENT_ID,
      email: ALICE.email,
      iat: Math.floor(clock.now() / 1000),
    });
  });

  it('accepts the JSON body the Auth0 documents show', async () => {
    const { server } = createTestServer();
    const tokens = await signInNative(server);
    const response = await server.app.request(`${AUTH}/delegation`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_id: NATIVE_CLIENT_ID,
        grant_type: JWT_BEARER,
        refresh_token: tokens.refresh_token,
        api_type: 'app',
      }),
    });
    expect(response.status).toBe(200);
  });

  it('turns a still-valid ID token into a new one, and refuses an expired one', async () => {
    const { server, clock } = createTestServer();
    const tokens = await signInForTokens(server, new CookieJar());
    const fresh = await delegate(server, { client_id: SPA_CLIENT_ID, id_token: tokens.id_token });
    expect(fresh.status).toBe(200);
    expect(decodeJwt((await fresh.json()).id_token).sub).toBe(ALICE.sub);
    clock.advance(36_001_000);
    const expired = await delegate(server, { client_id: SPA_CLIENT_ID, id_token: tokens.id_token });
    expect(await expired.json()).toMatchObject({
      error: 'invalid_grant',
      error_description: expect.stringContaining('expired'),
    });
  });

  it('refuses an ID token issued to another client', async () => {
    const { server } = createTestServer();
    const tokens = await signInForTokens(server, new CookieJar());
    const response = await delegate(server, { id_token: tokens.id_token });
    expect(await response.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses a revoked refresh token, and one used from a browser', async () => {
    const { server } = createTestServer();
    const tokens = await signInNative(server);
    const fromBrowser = await delegate(
      server,
      { refresh_token: tokens.refresh_token },
      { origin: SPA_ORIGIN },
    );
    expect(await fromBrowser.json()).toMatchObject({ error: 'unauthorized_client' });
    server.control.revokeRefreshTokens({ clientId: NATIVE_CLIENT_ID });
    const revoked = await delegate(server, { refresh_token: tokens.refresh_token });
    expect(revoked.status).toBe(400);
    expect(await revoked.json()).toMatchObject({ error: 'invalid_grant' });
    expect(revoked.headers.get('deprecation')).toBe('@1496880000');
  });

  it('refuses other grant types, api types, targets, and both or neither input', async () => {
    const { server } = createTestServer();
    const tokens = await signInNative(server);
    const cases: [Record<string, string | undefined>, string][] = [
      [
        { grant_type: 'refresh_token', refresh_token: tokens.refresh_token },
        'unsupported_grant_type',
      ],
      [{ api_type: 'firebase', refresh_token: tokens.refresh_token }, 'invalid_request'],
      [{ target: 'another-client', refresh_token: tokens.refresh_token }, 'invalid_request'],
      [{}, 'invalid_request'],
      [{ refresh_token: tokens.refresh_token, id_token: tokens.id_token }, 'invalid_request'],
    ];
    for (const [fields, error] of cases) {
      expect(await (await delegate(server, fields)).json()).toMatchObject({ error });
    }
  });
});
