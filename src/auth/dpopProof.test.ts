import { describe, expect, it } from 'vitest';
import { DpopNonces } from '../dpop/dpopNonces.ts';
import { DpopReplayCache } from '../dpop/dpopReplayCache.ts';
import { proofKeyThumbprint } from '../dpop/proofKeyThumbprint.ts';
import { verifyDpopProof } from '../dpop/verifyDpopProof.ts';
import { decodeJwtClaims, decodeJwtHeader } from './decodeJwtClaims.ts';
import { generateDpopKeys } from './dpopKeyStore.ts';
import { createDpopProof } from './dpopProof.ts';
import { dpopThumbprint } from './dpopThumbprint.ts';

const API = 'http://localhost:4401/api/profile';

/** The server's own verifier (src/dpop), as the demo API runs it. */
const verify = (proof: string, expected: { url?: string; method?: string; token?: string }) =>
  verifyDpopProof(proof, {
    method: expected.method ?? 'GET',
    url: expected.url ?? API,
    now: Date.now(),
    accessToken: expected.token,
    replay: new DpopReplayCache(10),
    nonces: new DpopNonces(Date.now, 300),
    requireNonce: false,
    maxAgeSeconds: 60,
  });

describe('createDpopProof', () => {
  it('makes an ES256 proof the server accepts, with ath for the token it presents', async () => {
    const keys = await generateDpopKeys();
    const proof = await createDpopProof(keys, { htm: 'GET', htu: API, accessToken: 'token-1' });
    expect(verify(proof, { token: 'token-1' })).toMatchObject({ ok: true });
    expect(verify(proof, { token: 'token-2' })).toMatchObject({
      ok: false,
      error: 'invalid_dpop_proof',
    });
  });

  it('leaves the query and fragment out of htu, and names the nonce it was given', async () => {
    const keys = await generateDpopKeys();
    const proof = await createDpopProof(keys, {
      htm: 'POST',
      htu: `${API}?tab=orders#top`,
      nonce: 'server-nonce',
    });
    expect(decodeJwtClaims(proof)).toMatchObject({ htm: 'POST', htu: API, nonce: 'server-nonce' });
    expect(decodeJwtClaims(proof)).not.toHaveProperty('ath');
  });

  it('puts only the public key in the header, and never the private one', async () => {
    const keys = await generateDpopKeys();
    const header = decodeJwtHeader(await createDpopProof(keys, { htm: 'GET', htu: API }));
    expect(header).toMatchObject({ typ: 'dpop+jwt', alg: 'ES256' });
    expect(Object.keys(header.jwk as object).sort()).toEqual(['crv', 'kty', 'x', 'y']);
    expect(keys.privateKey.extractable).toBe(false);
  });

  it('gives every proof its own jti', async () => {
    const keys = await generateDpopKeys();
    const jti = async () =>
      decodeJwtClaims(await createDpopProof(keys, { htm: 'GET', htu: API })).jti;
    expect(await jti()).not.toBe(await jti());
  });
});

describe('dpopThumbprint', () => {
  it('is the RFC 7638 thumbprint the server computes from the proof key (cnf.jkt)', async () => {
    const keys = await generateDpopKeys();
    const proof = await createDpopProof(keys, { htm: 'GET', htu: API });
    expect(await dpopThumbprint(keys)).toBe(proofKeyThumbprint(proof));
    expect(await dpopThumbprint(await generateDpopKeys())).not.toBe(await dpopThumbprint(keys));
  });
});
