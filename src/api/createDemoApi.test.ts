import { createLocalJWKSet, exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDpopKey, type ProofOptions, signDpopProof } from '../dpop/testSupport/dpopProofs.ts';
import { createDemoApi } from './createDemoApi.ts';

const ISSUER = 'http://localhost:4400/';
const AUDIENCE = 'http://localhost:4401/';
const SPA = 'http://localhost:5173';

let sign: (claims: JWTPayload, options?: { key?: CryptoKey; kid?: string }) => Promise<string>;
const nowSeconds = () => Math.floor(Date.now() / 1000);
let api: ReturnType<typeof createDemoApi>;
let getKeyForTests: ReturnType<typeof createLocalJWKSet>;

beforeAll(async () => {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  api = createDemoApi({
    issuers: [ISSUER, 'http://127.0.0.1:4400/'],
    audience: AUDIENCE,
    getKey: createLocalJWKSet({ keys: [jwk] }),
    allowedOrigins: [SPA],
  });
  getKeyForTests = createLocalJWKSet({ keys: [jwk] });
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

describe('demo API with DPoP-bound tokens (RFC 9449 §7)', () => {
  const URL = 'http://localhost:4401/api/profile';
  const key = createDpopKey('ES256');
  const other = createDpopKey('ES256');
  const proofFor = (token: string, options: Partial<ProofOptions> = {}, by = key) =>
    signDpopProof(by, { htm: 'GET', htu: URL, accessToken: token, ...options });
  const callWith = (headers: Record<string, string>, target = URL, on = api) =>
    on.request(target, { headers: { Origin: SPA, ...headers } });
  const boundToken = () => sign({ cnf: { jkt: key.jkt } });

  it('answers a bound token sent as DPoP with a proof carrying ath', async () => {
    const token = await boundToken();
    const res = await callWith({ Authorization: `DPoP ${token}`, DPoP: proofFor(token) });
    expect(res.status).toBe(200);
  });

  it('refuses the bound token as Bearer, and without a proof (a copied token)', async () => {
    const token = await boundToken();
    const asBearer = await callWith({ Authorization: `Bearer ${token}` });
    expect(asBearer.status).toBe(401);
    expect(asBearer.headers.get('WWW-Authenticate')).toMatch(/^Bearer .*error="invalid_token"/);
    const noProof = await callWith({ Authorization: `DPoP ${token}` });
    expect(noProof.status).toBe(401);
    expect(noProof.headers.get('WWW-Authenticate')).toMatch(
      /^DPoP realm="demo-api", error="invalid_dpop_proof", .*algs="ES256 ES384 ES512 RS256 PS256 EdDSA"/,
    );
  });

  it.each([
    ['a replayed proof', 'used before'],
    ['a proof for another URL', "is not this request's URL"],
    ['a proof for another method', 'htm (POST)'],
    ['a proof by another key', 'another key'],
    ['a proof for another token (ath)', 'not the hash of the access token'],
  ])('refuses %s', async (name, text) => {
    const token = await boundToken();
    let proof = proofFor(token);
    if (name === 'a replayed proof') {
      expect((await callWith({ Authorization: `DPoP ${token}`, DPoP: proof })).status).toBe(200);
    }
    if (name === 'a proof for another URL') proof = proofFor(token, { htu: `${URL}/x` });
    if (name === 'a proof for another method') proof = proofFor(token, { htm: 'POST' });
    if (name === 'a proof by another key') proof = proofFor(token, {}, other);
    if (name === 'a proof for another token (ath)') proof = proofFor(`${token}x`);
    const res = await callWith({ Authorization: `DPoP ${token}`, DPoP: proof });
    expect(res.status).toBe(401);
    expect((await res.json()).error_description).toContain(text);
  });

  it('refuses an unbound token sent as DPoP', async () => {
    const res = await callWith({ Authorization: `DPoP ${await sign({})}` });
    expect(res.status).toBe(401);
    expect(res.headers.get('WWW-Authenticate')).toContain('error="invalid_token"');
  });

  it('asks for its nonce when it requires one (use_dpop_nonce, DPoP-Nonce), then answers', async () => {
    const strict = createDemoApi({
      issuers: [ISSUER],
      audience: AUDIENCE,
      getKey: getKeyForTests,
      allowedOrigins: [SPA],
      dpop: { requireNonce: true },
    });
    const token = await boundToken();
    const first = await callWith(
      { Authorization: `DPoP ${token}`, DPoP: proofFor(token) },
      URL,
      strict,
    );
    expect(first.status).toBe(401);
    expect(first.headers.get('WWW-Authenticate')).toContain('error="use_dpop_nonce"');
    const nonce = first.headers.get('DPoP-Nonce') ?? '';
    expect(first.headers.get('Access-Control-Expose-Headers')).toContain('DPoP-Nonce');
    const retry = await callWith(
      { Authorization: `DPoP ${token}`, DPoP: proofFor(token, { nonce }) },
      URL,
      strict,
    );
    expect(retry.status).toBe(200);
  });

  it('lets the SPA send the DPoP header (CORS)', async () => {
    const res = await api.request('/api/profile', {
      method: 'OPTIONS',
      headers: {
        Origin: SPA,
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'authorization,dpop',
      },
    });
    expect(res.headers.get('Access-Control-Allow-Headers')).toContain('DPoP');
  });
});
