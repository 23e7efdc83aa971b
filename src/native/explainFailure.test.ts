import * as client from 'openid-client';
import { describe, expect, it } from 'vitest';
import { explainFailure, NativeDemoError, reaching } from './explainFailure.ts';
import { NativeDemoUsageError } from './nativeDemoOptions.ts';

const refused = (status: number, error: string, error_description?: string) =>
  new client.ResponseBodyError('server responded with an error in the response body', {
    cause: { error, ...(error_description ? { error_description } : {}) },
    response: new Response(null, { status }),
  });

describe('explainFailure', () => {
  it("passes the demo's own messages through whole", () => {
    expect(explainFailure(new NativeDemoError('Not signed in.'))).toBe('Not signed in.');
    expect(explainFailure(new NativeDemoUsageError('Unknown command "x".'))).toBe(
      'Unknown command "x".',
    );
  });

  it("names an OAuth error from the server's body", () => {
    expect(explainFailure(refused(401, 'invalid_client', 'Unknown client'))).toBe(
      'The authorization server refused (HTTP 401) invalid_client: Unknown client',
    );
    expect(explainFailure(refused(429, 'too_many_requests'))).toBe(
      'The authorization server refused (HTTP 429) too_many_requests',
    );
  });

  it('says a network failure is one, and an unknown error is unexpected, without a stack', () => {
    expect(explainFailure(new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } }))).toBe(
      'Network error (ECONNRESET).',
    );
    const unexpected = explainFailure(new Error('boom'));
    expect(unexpected).toBe('Unexpected error: boom');
  });
});

describe('reaching', () => {
  it('turns "could not connect" into a sentence naming the server', async () => {
    const failing = () =>
      Promise.reject(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }));
    await expect(reaching('demo API', 'http://localhost:4401', failing)).rejects.toThrow(
      'Cannot reach the demo API at http://localhost:4401 (ECONNREFUSED). Is it running?',
    );
  });

  it('leaves other failures alone', async () => {
    const error = refused(400, 'invalid_grant');
    await expect(reaching('x', 'y', () => Promise.reject(error))).rejects.toBe(error);
  });
});
