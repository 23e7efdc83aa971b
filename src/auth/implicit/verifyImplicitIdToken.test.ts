import { describe, expect, it } from 'vitest';
import { accessTokenHash } from './accessTokenHash.ts';
import { ImplicitFlowError } from './implicitFlowError.ts';
import {
  CLIENT_ID,
  hs256WithPublicKey,
  ISSUER,
  NONCE,
  NOW,
  otherKeys,
  signIdToken,
  testVerifier,
  unsecuredIdToken,
} from './testSupport.ts';
import { verifyImplicitIdToken } from './verifyImplicitIdToken.ts';

const ACCESS_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.access-token-for-the-demo-api.signature';
const seconds = Math.floor(NOW / 1000);

/** The code the check refuses with (the refusal must be an ImplicitFlowError). */
async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ImplicitFlowError);
  return (error as ImplicitFlowError).code;
}

const verify = (
  idToken: string,
  expected: { nonce?: string; accessToken?: string } = {},
  verifier = testVerifier(),
) => verifyImplicitIdToken(idToken, { nonce: NONCE, ...expected }, verifier);

describe('verifyImplicitIdToken accepts', () => {
  it('a genuine ID token for this request and returns its claims', async () => {
    const claims = await verify(await signIdToken());
    expect(claims).toMatchObject({ iss: ISSUER, aud: CLIENT_ID, sub: 'auth0|alice', nonce: NONCE });
  });

  it('an ID token whose at_hash matches the access token that came with it', async () => {
    const idToken = await signIdToken({ at_hash: await accessTokenHash(ACCESS_TOKEN) });
    await expect(verify(idToken, { accessToken: ACCESS_TOKEN })).resolves.toMatchObject({
      sub: 'auth0|alice',
    });
  });

  it('several audiences when azp names this client', async () => {
    const idToken = await signIdToken({ aud: [CLIENT_ID, 'http://localhost:4401/'] });
    await expect(verify(idToken)).resolves.toMatchObject({ azp: CLIENT_ID });
  });

  it('a single audience without azp', async () => {
    await expect(verify(await signIdToken({ azp: undefined }))).resolves.toBeTruthy();
  });

  it('clocks apart by less than the leeway (expired 30 s ago, issued 30 s ahead)', async () => {
    await expect(verify(await signIdToken({ exp: seconds - 30 }))).resolves.toBeTruthy();
    await expect(verify(await signIdToken({ iat: seconds + 30 }))).resolves.toBeTruthy();
  });
});

describe('verifyImplicitIdToken refuses', () => {
  it('a token signed by another key (bad signature)', async () => {
    expect(await refusal(verify(await signIdToken({}, otherKeys.privateKey)))).toBe(
      'id_token_invalid_signature',
    );
  });

  it('a token whose payload was changed after signing', async () => {
    const [header, , signature] = (await signIdToken()).split('.');
    const [, payload] = (await signIdToken({ sub: 'auth0|mallory' })).split('.');
    expect(await refusal(verify(`${header}.${payload}.${signature}`))).toBe(
      'id_token_invalid_signature',
    );
  });

  it('alg: none', async () => {
    expect(await refusal(verify(unsecuredIdToken()))).toBe('alg_not_allowed');
  });

  it('HS256 keyed with the public key (algorithm confusion)', async () => {
    expect(await refusal(verify(await hs256WithPublicKey()))).toBe('alg_not_allowed');
  });

  it('another issuer', async () => {
    expect(await refusal(verify(await signIdToken({ iss: 'http://127.0.0.1:4400/' })))).toBe(
      'id_token_wrong_issuer',
    );
  });

  it('the issuer without its trailing slash (the comparison is exact)', async () => {
    expect(await refusal(verify(await signIdToken({ iss: 'http://localhost:4400' })))).toBe(
      'id_token_wrong_issuer',
    );
  });

  it('another audience', async () => {
    expect(
      await refusal(verify(await signIdToken({ aud: 'another-client', azp: undefined }))),
    ).toBe('id_token_wrong_audience');
  });

  it('an azp naming another client', async () => {
    const idToken = await signIdToken({
      aud: [CLIENT_ID, 'another-client'],
      azp: 'another-client',
    });
    expect(await refusal(verify(idToken))).toBe('id_token_azp_mismatch');
  });

  it('several audiences without azp', async () => {
    const idToken = await signIdToken({ aud: [CLIENT_ID, 'another-client'], azp: undefined });
    expect(await refusal(verify(idToken))).toBe('id_token_azp_mismatch');
  });

  it('an expired token (beyond the leeway)', async () => {
    expect(await refusal(verify(await signIdToken({ exp: seconds - 61 })))).toBe(
      'id_token_expired',
    );
  });

  it('a token issued in the future beyond the leeway', async () => {
    expect(
      await refusal(verify(await signIdToken({ iat: seconds + 120, exp: seconds + 3720 }))),
    ).toBe('id_token_issued_in_future');
  });

  it('a token not valid yet (nbf)', async () => {
    expect(await refusal(verify(await signIdToken({ nbf: seconds + 120 })))).toBe(
      'id_token_not_yet_valid',
    );
  });

  it.each(['sub', 'iat', 'exp', 'nonce'])('a token without %s', async (claim) => {
    expect(await refusal(verify(await signIdToken({ [claim]: undefined })))).toBe(
      'id_token_missing_claim',
    );
  });

  it('another nonce than the request sent', async () => {
    expect(await refusal(verify(await signIdToken({ nonce: 'someone-elses-nonce' })))).toBe(
      'nonce_mismatch',
    );
  });

  it('the same nonce a second time (a replayed token), even though it matches', async () => {
    const verifier = testVerifier();
    const idToken = await signIdToken();
    await verify(idToken, {}, verifier);
    expect(await refusal(verify(idToken, {}, verifier))).toBe('nonce_replayed');
  });

  it('an old token replayed into a later request (its nonce is used)', async () => {
    const verifier = testVerifier();
    const old = await signIdToken();
    await verify(old, {}, verifier);
    expect(await refusal(verify(old, { nonce: 'nonce-of-the-next-request' }, verifier))).toBe(
      'nonce_replayed',
    );
  });

  it('a wrong at_hash (the access token was swapped)', async () => {
    const idToken = await signIdToken({ at_hash: await accessTokenHash('another-access-token') });
    expect(await refusal(verify(idToken, { accessToken: ACCESS_TOKEN }))).toBe('at_hash_mismatch');
  });

  it('a missing at_hash when an access token came with the ID token', async () => {
    expect(await refusal(verify(await signIdToken(), { accessToken: ACCESS_TOKEN }))).toBe(
      'at_hash_missing',
    );
  });

  it('a token that is not a JWT', async () => {
    expect(await refusal(verify('not.a-jwt'))).toBe('id_token_malformed');
  });

  it('any token when the server keys cannot be fetched', async () => {
    const verifier = testVerifier({
      getKey: async () => {
        throw new TypeError('Failed to fetch');
      },
    });
    expect(await refusal(verify(await signIdToken(), {}, verifier))).toBe('jwks_unavailable');
  });

  it('without using the nonce up, so the genuine answer can still be accepted', async () => {
    const verifier = testVerifier();
    await refusal(verify(await signIdToken({ iss: 'http://evil.example/' }), {}, verifier));
    await expect(verify(await signIdToken(), {}, verifier)).resolves.toBeTruthy();
  });
});

describe('accessTokenHash', () => {
  it('is the base64url left half of the SHA-256 (OIDC Core §3.2.2.9)', async () => {
    // The access token and at_hash of the `id_token token` example, OIDC Core Appendix A.3.
    expect(await accessTokenHash('jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y')).toBe(
      '77QmUPtjPfzWtF2AnpK9RQ',
    );
  });
});
