import { describe, expect, it } from 'vitest';
import { describeFailure, type Experiment, runExperiment } from './experiment.ts';
import type { LabEnvironment } from './labEnvironment.ts';

describe('runExperiment', () => {
  it('turns a thrown error into a record that says nothing was concluded', async () => {
    const broken: Experiment = {
      id: 'storage-audit',
      number: 11,
      title: 't',
      rule: 'r',
      run: async () => {
        throw new Error('the window went away');
      },
    };
    const record = await runExperiment(broken, { now: () => 7 } as LabEnvironment);
    expect(record).toMatchObject({
      id: 'storage-audit',
      steps: [],
      outcome: {
        verdict: 'error',
        code: 'lab_error',
        summary: expect.stringContaining('the window went away'),
      },
    });
  });

  it('describes a failure with its reason, code and description', () => {
    expect(
      describeFailure({ reason: 'oauth_error', error: 'invalid_scope', description: 'nope' }),
    ).toBe('oauth_error (invalid_scope): nope');
    expect(
      describeFailure({ reason: 'login_required', error: 'login_required', description: null }),
    ).toBe('login_required');
  });
});
