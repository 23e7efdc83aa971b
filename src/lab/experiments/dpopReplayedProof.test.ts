import { describe, expect, it } from 'vitest';
import { dpopLabStack } from '../testSupport/dpopLabStack.ts';
import { dpopReplayedProof } from './dpopReplayedProof.ts';

describe('experiment 14: a replayed DPoP proof', () => {
  it('is accepted once and refused the second time', async () => {
    const { env } = await dpopLabStack();
    const record = await dpopReplayedProof.run(env);
    expect(record.outcome).toMatchObject({ verdict: 'confirmed', code: 'replay_refused' });
    expect(record.steps.map((step) => step.observations?.[0]?.value)).toEqual([
      '200',
      '401 invalid_dpop_proof',
    ]);
    // The same proof, byte for byte.
    expect(record.steps[1]?.request?.headers?.DPoP).toBe(record.steps[0]?.request?.headers?.DPoP);
  });
});
