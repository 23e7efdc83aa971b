import { ErrorResponse, ErrorTimeout } from 'oidc-client-ts';
import { describe, expect, it } from 'vitest';
import { classifyAuthFailure } from './authFailure.ts';

describe('classifyAuthFailure', () => {
  it('keeps the OAuth error and description the server sent', () => {
    const error = new ErrorResponse({
      error: 'access_denied',
      error_description: 'The user said no',
    });
    expect(classifyAuthFailure(error)).toEqual({
      reason: 'oauth_error',
      error: 'access_denied',
      description: 'The user said no',
    });
  });

  it.each(['login_required', 'consent_required', 'interaction_required'] as const)(
    'names the silent-authentication error %s',
    (code) => {
      expect(classifyAuthFailure(new ErrorResponse({ error: code }))).toEqual({
        reason: code,
        error: code,
        description: null,
      });
    },
  );

  it('treats server_error and temporarily_unavailable as the server failing', () => {
    expect(
      classifyAuthFailure(new ErrorResponse({ error: 'temporarily_unavailable' })).reason,
    ).toBe('server_error');
    expect(classifyAuthFailure(new Error('Internal Server Error (500)')).reason).toBe(
      'server_error',
    );
  });

  it('recognises a timeout', () => {
    expect(classifyAuthFailure(new ErrorTimeout('IFrame timed out without a response'))).toEqual({
      reason: 'timeout',
      error: null,
      description: 'IFrame timed out without a response',
    });
  });

  it('recognises a network failure', () => {
    expect(classifyAuthFailure(new TypeError('Failed to fetch')).reason).toBe('network_error');
  });

  it('recognises a response for a request this browser did not make', () => {
    expect(classifyAuthFailure(new Error('No matching state found in storage')).reason).toBe(
      'invalid_state',
    );
    expect(classifyAuthFailure(new Error('No state in response')).reason).toBe('invalid_state');
  });

  it('calls anything else an invalid response, with its message', () => {
    expect(classifyAuthFailure(new Error('nonce in id_token does not match'))).toEqual({
      reason: 'invalid_response',
      error: null,
      description: 'nonce in id_token does not match',
    });
    expect(classifyAuthFailure('boom')).toMatchObject({
      reason: 'invalid_response',
      description: 'boom',
    });
  });

  it('passes an already classified failure through', () => {
    const failure = { reason: 'frame_blocked' as const, error: null, description: 'CSP' };
    expect(classifyAuthFailure(failure)).toBe(failure);
  });
});
