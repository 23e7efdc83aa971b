import { createLocalJWKSet, exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDemoApi } from './createDemoApi.ts';

const ISSUER = 'http://localhost:4400/';
const AUDIENCE = 'http://localhost:4401/';
const SPA = 'http://localhost:5173';

let sign: (claims: JWTPayload, options?: { key?: CryptoKey; kid?: string }) => Promise<string>;
const nowSeconds = () => Math.floor(Date.now() / 1000);
let api: ReturnType<typeof createDemoApi>;

beforeAll(async () => {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  api = createDemoApi({
    issuers: [ISSUER, 'http://127.0.0.1:4400/'],
    audience: AUDIENCE,
    getKey: createLocalJWKSet({ keys: [jwk] }),
    allowedOrigins: [SPA],
  });
  sign = (claims, options = {}) =>
    new SignJWT({
      iss: ISSUER,
      aud: AUDIENCE,
      sub: 'auth0|alice',
      scope: 'read:profile',
      iat: nowSeconds(),
      exp: nowSeconds() + 300,
      ...claims,
    })
      .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? 'k1' })
      .sign(options.key ?? privateKey);
});

const call = (path: string, headers: Record<string, string> = {}) =>
  api.request(path, { headers: { Origin: SPA, ...headers } });

describe('demo API', () => {
  it('answers a valid token with the caller profile', async () => {
    const res = await call('/api/profile', { Authorization: `Bearer ${await sign({})}` });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ sub: 'auth0|alice', scope: 'read:profile' });
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe(SPA);
  });

  it('asks for a token without an error code when none is sent (RFC 6750 §3.1)', async () => {
    const res = await call('/api/profile');
    expect(res.status).toBe(401);
    expect(res.headers.get('WWW-Authenticate')).toBe('Bearer realm="demo-api"');
    expect(res.headers.get('Access-Control-Expose-Headers')).toContain('WWW-Authenticate');
  });

  it('refuses a malformed Authorization header with 400 invalid_request', async () => {
    const res = await call('/api/profile', { Authorization: 'Basic abc' });
    expect(res.status).toBe(400);
    expect(res.headers.get('WWW-Authenticate')).toContain('error="invalid_request"');
  });

  it.each([
    ['an expired token', { exp: nowSeconds() - 60 }, 'expired'],
    ['another audience', { aud: 'https://elsewhere.example/' }, 'claim aud'],
    ['another issuer', { iss: 'https://evil.example/' }, 'claim iss'],
  ])('refuses %s with 401 invalid_token', async (_name, claims, text) => {
    const res = await call('/api/profile', { Authorization: `Bearer ${await sign(claims)}` });
    expect(res.status).toBe(401);
    const challenge = res.headers.get('WWW-Authenticate') ?? '';
    expect(challenge).toContain('error="invalid_token"');
    expect(challenge).toContain(text);
  });

  it('refuses a token signed by an unknown key', async () => {
    const stranger = await generateKeyPair('RS256');
    const token = await sign({}, { key: stranger.privateKey });
    const res = await call('/api/profile', { Authorization: `Bearer ${token}` });
    expect(res.status).toBe(401);
    expect(res.headers.get('WWW-Authenticate')).toContain('signature');
  });

  it('refuses a token without the needed scope with 403 insufficient_scope', async () => {
    const res = await call('/api/orders', { Authorization: `Bearer ${await sign({})}` });
    expect(res.status).toBe(403);
    expect(res.headers.get('WWW-Authenticate')).toBe(
      'Bearer realm="demo-api", error="insufficient_scope", error_description="This needs the scope read:orders.", scope="read:orders"',
    );
  });

  it('accepts tokens from every issuer origin of the server', async () => {
    const token = await sign({ iss: 'http://127.0.0.1:4400/', scope: 'read:orders' });
    const res = await call('/api/orders', { Authorization: `Bearer ${token}` });
    expect(res.status).toBe(200);
    expect((await res.json()).orders).toHaveLength(2);
  });

  it('gives no CORS grant to an unregistered origin', async () => {
    const res = await api.request('/api/profile', {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'GET' },
    });
    expect(res.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });

  it('answers the SPA preflight', async () => {
    const res = await api.request('/api/orders', {
      method: 'OPTIONS',
      headers: {
        Origin: SPA,
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'authorization',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe(SPA);
    expect(res.headers.get('Access-Control-Allow-Headers')).toMatch(/authorization/i);
  });
});
