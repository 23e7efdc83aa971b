import { describe, expect, it } from 'vitest';
import { dpopLabStack } from '../testSupport/dpopLabStack.ts';
import { dpopWrongTarget } from './dpopWrongTarget.ts';

describe('experiment 15: a DPoP proof for another URL or method', () => {
  it('is refused for another URL and for another method', async () => {
    const { env } = await dpopLabStack();
    const record = await dpopWrongTarget.run(env);
    expect(record.outcome).toMatchObject({ verdict: 'confirmed', code: 'target_refused' });
    expect(record.steps.map((step) => step.observations?.[0]?.value)).toEqual([
      '401 invalid_dpop_proof',
      '401 invalid_dpop_proof',
    ]);
  });
});
