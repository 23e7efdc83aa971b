import { describe, expect, it } from 'vitest';
import type { AuthFailure } from '../auth/authFailure.ts';
import { describeRenewalRetry } from './describeRenewalRetry.ts';

const failure = (reason: AuthFailure['reason']): AuthFailure => ({
  reason,
  error: null,
  description: null,
});

describe('describeRenewalRetry', () => {
  it('says when the planned retry runs, and which one it is', () => {
    expect(describeRenewalRetry(failure('server_error'), { attempt: 2, at: 5_200 }, 1_000)).toBe(
      'Trying again by itself in 5 s (retry 2 of 7).',
    );
    expect(describeRenewalRetry(failure('timeout'), { attempt: 1, at: 1_000 }, 1_500)).toBe(
      'Trying again by itself now (retry 1 of 7).',
    );
  });

  it('says the server asked to wait when it sent Retry-After', () => {
    const limited = { ...failure('rate_limited'), retryAfterSeconds: 3 };
    expect(describeRenewalRetry(limited, { attempt: 1, at: 4_400 }, 1_000)).toBe(
      'The server asked to wait 3 s (Retry-After). Trying again by itself in 4 s (retry 1 of 7).',
    );
  });

  it('an offline browser waits for the network, not for a timer', () => {
    expect(describeRenewalRetry(failure('offline'), null, 0)).toMatch(/back online/);
  });

  it('says so when the retries have run out', () => {
    expect(describeRenewalRetry(failure('network_error'), null, 0)).toMatch(/stopped/);
  });

  it('promises nothing after a definitive answer', () => {
    expect(describeRenewalRetry(failure('login_required'), { attempt: 1, at: 0 }, 0)).toBeNull();
    expect(describeRenewalRetry(failure('frame_blocked'), null, 0)).toBeNull();
  });
});
