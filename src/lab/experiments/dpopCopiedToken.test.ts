import { describe, expect, it } from 'vitest';
import { decodeJwtClaims } from '../../auth/decodeJwtClaims.ts';
import { dpopLabStack } from '../testSupport/dpopLabStack.ts';
import { dpopCopiedToken } from './dpopCopiedToken.ts';

describe('experiment 13: a copied access token', () => {
  it('is refused without a proof and as Bearer, and accepted with the app’s proof', async () => {
    const { env, tokens } = await dpopLabStack();
    expect(decodeJwtClaims(tokens.access_token)).toHaveProperty('cnf.jkt');
    const record = await dpopCopiedToken.run(env);
    expect(record.outcome).toMatchObject({ verdict: 'confirmed', code: 'copy_refused' });
    expect(record.steps.map((step) => step.response)).toEqual([
      expect.objectContaining({ status: 401 }),
      expect.objectContaining({ status: 401 }),
      expect.objectContaining({ status: 200 }),
    ]);
    expect(record.steps[1]?.observations?.[0]?.value).toBe('401 invalid_token');
    // The token is shown redacted, never whole.
    expect(JSON.stringify(record)).not.toContain(tokens.access_token);
  });

  it('says what it needs when the tab holds a bearer token (DPoP off)', async () => {
    const { env } = await dpopLabStack(undefined, { bound: false });
    const record = await dpopCopiedToken.run(env);
    expect(record.outcome).toMatchObject({ verdict: 'precondition', code: 'not_bound' });
    expect(record.steps).toEqual([]);
  });
});
