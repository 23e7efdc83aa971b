import { describe, expect, it } from 'vitest';
import { createTestServer } from '../testSupport/testServer.ts';

const discovery = async (origin: string) => {
  const { server } = createTestServer();
  const response = await server.app.request(`${origin}/.well-known/openid-configuration`);
  return { response, body: await response.json() };
};

describe('GET /.well-known/openid-configuration', () => {
  it('speaks as the origin it was reached at, with a trailing slash', async () => {
    expect((await discovery('http://localhost:4400')).body.issuer).toBe('http://localhost:4400/');
    const other = (await discovery('http://127.0.0.1:4400')).body;
    expect(other.issuer).toBe('http://127.0.0.1:4400/');
    expect(other.token_endpoint).toBe('http://127.0.0.1:4400/oauth/token');
  });

  it('falls back to the first allowed issuer for a host outside the allow-list', async () => {
    expect((await discovery('http://evil.example:4400')).body.issuer).toBe(
      'http://localhost:4400/',
    );
  });

  it('advertises what the server does', async () => {
    const { response, body } = await discovery('http://localhost:4400');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(body).toMatchObject({
      authorization_endpoint: 'http://localhost:4400/authorize',
      userinfo_endpoint: 'http://localhost:4400/userinfo',
      jwks_uri: 'http://localhost:4400/.well-known/jwks.json',
      end_session_endpoint: 'http://localhost:4400/oidc/logout',
      revocation_endpoint: 'http://localhost:4400/oauth/revoke',
      device_authorization_endpoint: 'http://localhost:4400/oauth/device/code',
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      response_types_supported: ['code', 'id_token', 'token', 'id_token token'],
      response_modes_supported: ['query', 'fragment', 'form_post', 'web_message'],
      code_challenge_methods_supported: ['S256'],
      grant_types_supported: [
        'authorization_code',
        'refresh_token',
        'password',
        'urn:ietf:params:oauth:grant-type:device_code',
        'client_credentials',
        'implicit',
      ],
      id_token_signing_alg_values_supported: ['RS256'],
      authorization_response_iss_parameter_supported: true,
    });
  });
});

describe('GET /.well-known/jwks.json', () => {
  it('is public metadata any origin may read', async () => {
    const { server } = createTestServer();
    for (const path of ['/.well-known/jwks.json', '/.well-known/openid-configuration']) {
      const response = await server.app.request(`http://localhost:4400${path}`, {
        headers: { origin: 'https://unregistered.example' },
      });
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(response.headers.get('content-type')).toBe('application/json');
    }
  });

  it('publishes the public key only, with its kid', async () => {
    const { server } = createTestServer();
    const response = await server.app.request('http://localhost:4400/.well-known/jwks.json');
    const { keys } = await response.json();
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({
      kty: 'RSA',
      alg: 'RS256',
      use: 'sig',
      kid: server.signingKey.kid,
    });
    for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi'])
      expect(keys[0]).not.toHaveProperty(secret);
  });
});
