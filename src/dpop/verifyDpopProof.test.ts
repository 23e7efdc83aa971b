import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DpopNonces } from './dpopNonces.ts';
import { DpopReplayCache } from './dpopReplayCache.ts';
import { createDpopKey, type ProofOptions, signDpopProof } from './testSupport/dpopProofs.ts';
import { type DpopProofExpectations, verifyDpopProof } from './verifyDpopProof.ts';

const NOW = Date.parse('2031-01-01T00:00:00Z');
const HTU = 'http://localhost:4400/oauth/token';
const es256 = createDpopKey('ES256');

function expectations(overrides: Partial<DpopProofExpectations> = {}): DpopProofExpectations {
  return {
    method: 'POST',
    url: HTU,
    now: NOW,
    replay: new DpopReplayCache(100),
    nonces: new DpopNonces(() => NOW, 300),
    requireNonce: false,
    maxAgeSeconds: 60,
    ...overrides,
  };
}

const proof = (options: Partial<ProofOptions> = {}, key = es256) =>
  signDpopProof(key, { htu: HTU, nowMs: NOW, ...options });

const refusalOf = (jwt: string, overrides: Partial<DpopProofExpectations> = {}) => {
  const result = verifyDpopProof(jwt, expectations(overrides));
  if (result.ok) throw new Error('expected a refusal');
  return result;
};

describe('verifyDpopProof accepts', () => {
  it.each(['ES256', 'RS256', 'EdDSA'] as const)(
    'a %s proof, returning its key thumbprint',
    (alg) => {
      const key = createDpopKey(alg);
      expect(verifyDpopProof(proof({ jti: 'one' }, key), expectations())).toEqual({
        ok: true,
        jkt: key.jkt,
        jti: 'one',
      });
    },
  );

  it('an htu with a query or fragment, compared without them (RFC 9449 §4.3)', () => {
    expect(verifyDpopProof(proof({ htu: `${HTU}?a=1#b` }), expectations()).ok).toBe(true);
  });

  it('a proof with the hash of the access token it comes with (ath)', () => {
    const result = verifyDpopProof(
      proof({ accessToken: 'token-1' }),
      expectations({ accessToken: 'token-1' }),
    );
    expect(result.ok).toBe(true);
  });

  it("a stale iat when the proof carries the server's current nonce (§11.1)", () => {
    const nonces = new DpopNonces(() => NOW, 300);
    const jwt = proof({ iat: NOW / 1000 - 3_600, nonce: nonces.current() });
    expect(verifyDpopProof(jwt, expectations({ nonces })).ok).toBe(true);
  });
});

describe('verifyDpopProof refuses', () => {
  it.each([
    ['garbage', 'not-a-jwt', 'not a compact JWS'],
    ['four parts', `${proof()}.x`, 'not a compact JWS'],
    ['a header that is not JSON', `bm90IGpzb24.${proof().split('.')[1]}.AA`, 'header is not JSON'],
    ['typ JWT', proof({ header: { typ: 'JWT' } }), 'typ is JWT, not dpop+jwt'],
    ['no typ', proof({ header: { typ: undefined } }), 'typ is undefined'],
    ['alg none', proof({ header: { alg: 'none' }, signature: '' }), 'not a compact JWS'],
    ['alg none with a signature', proof({ header: { alg: 'none' } }), 'alg none is not accepted'],
    ['alg HS256', proof({ header: { alg: 'HS256' } }), 'alg HS256 is not accepted'],
    ['crit', proof({ header: { crit: ['x'], x: 1 } }), 'crit'],
    ['no jwk', proof({ header: { jwk: undefined } }), 'no jwk header'],
    [
      'a private key in jwk',
      proof({ header: { jwk: es256.privateKey.export({ format: 'jwk' }) } }),
      'private key member (d)',
    ],
    [
      'a symmetric jwk',
      proof({ header: { jwk: { kty: 'oct', k: 'c2VjcmV0' } } }),
      'private key member (k)',
    ],
    ['a jwk that does not fit alg', proof({ header: { alg: 'RS256' } }), 'does not fit alg RS256'],
    [
      "a signature by another key than the jwk's",
      proof({ header: { jwk: createDpopKey('ES256').jwk } }),
      'signature does not verify',
    ],
    ['a bad signature', proof({ signature: 'AAAA' }), 'signature does not verify'],
    ['no jti', proof({ claims: { jti: undefined } }), 'needs a jti'],
    ['a huge jti', proof({ jti: 'j'.repeat(300) }), 'needs a jti'],
    ['another method', proof({ htm: 'GET' }), "htm (GET) is not this request's method (POST)"],
    ['another URL', proof({ htu: 'http://localhost:4400/userinfo' }), "is not this request's URL"],
    ['another origin', proof({ htu: 'http://127.0.0.1:4400/oauth/token' }), 'URL'],
    ['an htu that is no URL', proof({ htu: 'oauth/token' }), 'URL'],
    ['no iat', proof({ claims: { iat: undefined } }), 'numeric iat'],
    ['a string iat', proof({ claims: { iat: '1' } }), 'numeric iat'],
  ])('%s', (_name, jwt, description) => {
    const result = refusalOf(jwt);
    expect(result.error).toBe('invalid_dpop_proof');
    expect(result.description).toContain(description);
  });

  it('an RSA key shorter than 2048 bits', () => {
    const key = createDpopKey('RS256', 1024);
    expect(refusalOf(proof({}, key)).description).toContain('shorter than 2048 bits');
  });

  it('an RS256 signature over a PS256 header (the alg decides how to verify)', () => {
    const key = createDpopKey('RS256');
    expect(refusalOf(proof({ header: { alg: 'PS256' } }, key)).description).toContain(
      'signature does not verify',
    );
  });

  it('a proof used twice (jti), and only after every other check passed', () => {
    const expected = expectations();
    const once = proof({ jti: 'same' });
    expect(verifyDpopProof(proof({ jti: 'same', htm: 'GET' }), expected).ok).toBe(false);
    expect(verifyDpopProof(once, expected).ok).toBe(true);
    expect(verifyDpopProof(once, expected)).toEqual({
      ok: false,
      error: 'invalid_dpop_proof',
      description: 'The DPoP proof was used before (its jti has been seen)',
    });
  });

  it.each([
    ['old', -120, 'behind'],
    ['from the future', 30, 'ahead of'],
  ])('an iat too %s, with use_dpop_nonce so the client can retry', (_name, offset, word) => {
    const result = refusalOf(proof({ iat: NOW / 1000 + offset }));
    expect(result.error).toBe('use_dpop_nonce');
    expect(result.description).toContain(word);
  });

  it('a missing, unknown or stale nonce when nonces are required', () => {
    let now = NOW;
    const nonces = new DpopNonces(() => now, 60);
    const required = { nonces, requireNonce: true };
    expect(refusalOf(proof(), required)).toMatchObject({
      error: 'use_dpop_nonce',
      description: expect.stringContaining('nonce is required'),
    });
    expect(refusalOf(proof({ nonce: 'made-up' }), required).description).toContain('stale nonce');
    const old = nonces.current();
    now += 200_000;
    expect(refusalOf(proof({ nonce: old, nowMs: now }), { ...required, now }).error).toBe(
      'use_dpop_nonce',
    );
    const fresh = nonces.current();
    expect(
      verifyDpopProof(proof({ nonce: fresh, nowMs: now }), expectations({ ...required, now })).ok,
    ).toBe(true);
  });

  it('a proof without ath, or with the hash of another token, at a resource server', () => {
    const atResource = { accessToken: 'token-1' };
    expect(refusalOf(proof(), atResource).description).toContain('has no ath');
    expect(refusalOf(proof({ accessToken: 'token-2' }), atResource).description).toContain(
      'not the hash of the access token',
    );
  });

  it('a P-384 key for ES256', () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const jwk = publicKey.export({ format: 'jwk' });
    expect(refusalOf(proof({ header: { jwk } })).description).toContain('kty EC P-384');
  });
});
