import { describe, expect, it } from 'vitest';
import { decodeJwtClaims } from '../../auth/decodeJwtClaims.ts';
import { dpopLabStack } from '../testSupport/dpopLabStack.ts';
import { dpopNonceRoundTrip } from './dpopNonceRoundTrip.ts';

describe('experiment 16: the DPoP nonce round trip', () => {
  it('gets use_dpop_nonce and a nonce at userinfo, then is accepted on the one retry', async () => {
    const { env } = await dpopLabStack((config) => ({ ...config, dpop: { requireNonce: true } }));
    const record = await dpopNonceRoundTrip.run(env);
    expect(record.outcome).toMatchObject({ verdict: 'confirmed', code: 'nonce_round_trip' });
    const [asked, retried] = record.steps;
    expect(asked?.observations?.[0]?.value).toBe('401 use_dpop_nonce');
    const nonce = asked?.observations?.[1]?.value;
    expect(decodeJwtClaims(retried?.request?.headers?.DPoP ?? '')).toMatchObject({ nonce });
    expect(retried?.observations?.[0]?.value).toBe('200');
  });

  it('says the server does not ask for nonces when it does not', async () => {
    const { env } = await dpopLabStack();
    const record = await dpopNonceRoundTrip.run(env);
    expect(record.outcome).toMatchObject({ verdict: 'precondition', code: 'nonce_not_required' });
    expect(record.steps).toHaveLength(1);
  });
});
