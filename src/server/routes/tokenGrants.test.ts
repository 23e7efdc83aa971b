import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  DEMO_API_SCOPES,
  M2M_CLIENT_ID,
  M2M_TEST_SECRET,
  NATIVE_CLIENT_ID,
  REGULAR_WEB_CLIENT_ID,
  REGULAR_WEB_TEST_SECRET,
  SPA_CLIENT_ID,
} from '../../protocol/defaults.ts';
import type { AuthServerConfigInput } from '../config.ts';
import {
  ALICE,
  API_AUDIENCE,
  createTestServer,
  ISSUER,
  postForm,
} from '../testSupport/testServer.ts';

const MANAGEMENT = `${ISSUER}api/v2/`;
const web = { client_id: REGULAR_WEB_CLIENT_ID, client_secret: REGULAR_WEB_TEST_SECRET };
const m2m = { client_id: M2M_CLIENT_ID, client_secret: M2M_TEST_SECRET };

describe('POST /oauth/token grant_type=password', () => {
  const password = (fields: Record<string, string | undefined> = {}) => ({
    grant_type: 'password',
    ...web,
    username: ALICE.email,
    password: ALICE.password,
    audience: API_AUDIENCE,
    scope: 'openid email offline_access read:profile',
    device: 'Build server',
    ...fields,
  });

  it('issues tokens, and a refresh token for offline_access, to a first-party client with the grant', async () => {
    const { server } = createTestServer();
    const response = await postForm(server, '/oauth/token', password());
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({
      token_type: 'Bearer',
      scope: 'openid email offline_access read:profile',
      refresh_token: expect.any(String),
    });
    expect(decodeJwt(body.id_token)).toMatchObject({ sub: ALICE.sub, email: ALICE.email });
    expect(decodeJwt(body.id_token)).not.toHaveProperty('sid');
    expect(server.control.listRefreshTokens()[0]).toMatchObject({
      clientId: REGULAR_WEB_CLIENT_ID,
      device: 'Build server',
    });
  });

  it('answers a wrong password as Auth0 does: 403 invalid_grant "Wrong email or password."', async () => {
    const { server } = createTestServer();
    for (const fields of [{ password: 'nope' }, { username: 'nobody@example.com' }]) {
      const response = await postForm(server, '/oauth/token', password(fields));
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({
        error: 'invalid_grant',
        error_description: 'Wrong email or password.',
      });
    }
  });

  it('refuses a client without the password grant (the SPA, the native app)', async () => {
    const { server } = createTestServer();
    for (const clientId of [SPA_CLIENT_ID, NATIVE_CLIENT_ID]) {
      const response = await postForm(
        server,
        '/oauth/token',
        password({ client_id: clientId, client_secret: undefined }),
      );
      expect(await response.json()).toMatchObject({ error: 'unauthorized_client' });
    }
  });

  it('refuses a third-party client even with the grant turned on', async () => {
    const { server } = createTestServer((config: AuthServerConfigInput) => ({
      ...config,
      clients: (config.clients ?? []).map((client) =>
        client.clientId === REGULAR_WEB_CLIENT_ID ? { ...client, thirdParty: true } : client,
      ),
    }));
    const body = await (await postForm(server, '/oauth/token', password())).json();
    expect(body).toMatchObject({ error: 'unauthorized_client' });
    expect(body.error_description).toContain('first-party');
  });

  it('requires the secret of the confidential client', async () => {
    const { server } = createTestServer();
    const response = await postForm(server, '/oauth/token', password({ client_secret: 'wrong' }));
    expect(response.status).toBe(401);
  });
});

describe('POST /oauth/token grant_type=client_credentials', () => {
  it('issues a token for the client itself, for an API it was granted, with all granted scopes', async () => {
    const { server, clock } = createTestServer();
    const response = await postForm(server, '/oauth/token', {
      grant_type: 'client_credentials',
      ...m2m,
      audience: MANAGEMENT,
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 86_400,
      scope: 'read:device_credentials delete:device_credentials',
    });
    expect(decodeJwt(body.access_token)).toMatchObject({
      iss: ISSUER,
      sub: `${M2M_CLIENT_ID}@clients`,
      aud: MANAGEMENT,
      azp: M2M_CLIENT_ID,
      gty: 'client-credentials',
      exp: Math.floor(clock.now() / 1000) + 86_400,
    });
  });

  it('narrows to the scopes asked for, within the grant', async () => {
    const { server } = createTestServer();
    const body = await (
      await postForm(server, '/oauth/token', {
        grant_type: 'client_credentials',
        ...m2m,
        audience: API_AUDIENCE,
        scope: 'read:orders write:everything',
      })
    ).json();
    expect(body.scope).toBe('read:orders');
    expect(DEMO_API_SCOPES).toContain('read:orders');
  });

  it('refuses without an audience, or for an API not granted (403 access_denied)', async () => {
    const { server } = createTestServer((config) => ({
      ...config,
      apis: [...(config.apis ?? []), { identifier: 'https://other.example/' }],
    }));
    for (const audience of [undefined, 'https://other.example/', 'https://unknown.example/']) {
      const response = await postForm(server, '/oauth/token', {
        grant_type: 'client_credentials',
        ...m2m,
        audience,
      });
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ error: 'access_denied' });
    }
  });

  it('refuses clients without the grant', async () => {
    const { server } = createTestServer();
    const spa = await postForm(server, '/oauth/token', {
      grant_type: 'client_credentials',
      client_id: SPA_CLIENT_ID,
      audience: API_AUDIENCE,
    });
    expect(await spa.json()).toMatchObject({ error: 'unauthorized_client' });
    const webApp = await postForm(server, '/oauth/token', {
      grant_type: 'client_credentials',
      ...web,
      audience: API_AUDIENCE,
    });
    expect(await webApp.json()).toMatchObject({ error: 'unauthorized_client' });
  });

  it('refuses the m2m client every user grant', async () => {
    const { server } = createTestServer();
    const response = await postForm(server, '/oauth/token', {
      grant_type: 'authorization_code',
      ...m2m,
      code: 'x',
      redirect_uri: 'http://x/',
    });
    expect(await response.json()).toMatchObject({ error: 'unauthorized_client' });
  });
});
