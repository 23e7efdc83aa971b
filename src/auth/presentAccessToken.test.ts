import { describe, expect, it } from 'vitest';
import { dpopNonceAsked, presentAccessToken } from './presentAccessToken.ts';

describe('presentAccessToken', () => {
  it('presents a bound token with the DPoP scheme and the proof made for this request', async () => {
    const asked: unknown[] = [];
    const headers = await presentAccessToken(
      'token-1',
      'http://api/x',
      'GET',
      async (...args) => {
        asked.push(args);
        return 'proof-1';
      },
      'nonce-1',
    );
    expect(headers).toEqual({ Authorization: 'DPoP token-1', DPoP: 'proof-1' });
    expect(asked).toEqual([['http://api/x', 'GET', 'token-1', 'nonce-1']]);
  });

  it('presents a bearer token (no proof to make, or DPoP off) as Bearer, without a DPoP header', async () => {
    expect(await presentAccessToken('t', 'http://api/x', 'GET', async () => null)).toEqual({
      Authorization: 'Bearer t',
    });
    expect(await presentAccessToken('t', 'http://api/x', 'GET')).toEqual({
      Authorization: 'Bearer t',
    });
  });
});

describe('dpopNonceAsked', () => {
  const answer = (status: number, headers: Record<string, string>) =>
    new Response(null, { status, headers });

  it('reads the nonce of a use_dpop_nonce challenge', () => {
    expect(
      dpopNonceAsked(
        answer(401, {
          'WWW-Authenticate': 'DPoP error="use_dpop_nonce", algs="ES256"',
          'DPoP-Nonce': 'n-1',
        }),
      ),
    ).toBe('n-1');
  });

  it('is null for any other refusal, even one that carries a nonce', () => {
    expect(
      dpopNonceAsked(
        answer(401, { 'WWW-Authenticate': 'DPoP error="invalid_dpop_proof"', 'DPoP-Nonce': 'n' }),
      ),
    ).toBeNull();
    expect(
      dpopNonceAsked(answer(401, { 'WWW-Authenticate': 'DPoP error="use_dpop_nonce"' })),
    ).toBeNull();
    expect(
      dpopNonceAsked(
        answer(200, { 'WWW-Authenticate': 'DPoP error="use_dpop_nonce"', 'DPoP-Nonce': 'n' }),
      ),
    ).toBeNull();
  });
});
