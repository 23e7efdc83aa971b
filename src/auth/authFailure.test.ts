import { ErrorResponse, ErrorTimeout } from 'oidc-client-ts';
import { describe, expect, it } from 'vitest';
import {
  type AuthFailure,
  classifyAuthFailure,
  isTransientFailure,
  noticeOffline,
} from './authFailure.ts';

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
      decidedBy: 'server_answer',
    });
  });

  it.each(['login_required', 'consent_required', 'interaction_required'] as const)(
    'names the silent-authentication error %s',
    (code) => {
      expect(classifyAuthFailure(new ErrorResponse({ error: code }))).toEqual({
        reason: code,
        error: code,
        description: null,
        decidedBy: 'server_answer',
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

  it('names a 429 (too_many_requests) rate_limited, with or without a JSON body', () => {
    expect(classifyAuthFailure(new ErrorResponse({ error: 'too_many_requests' }))).toEqual({
      reason: 'rate_limited',
      error: 'too_many_requests',
      description: null,
      decidedBy: 'server_answer',
    });
    expect(classifyAuthFailure(new Error('Too Many Requests (429)'))).toMatchObject({
      reason: 'rate_limited',
      decidedBy: 'server_answer',
    });
  });

  it('recognises a timeout', () => {
    expect(classifyAuthFailure(new ErrorTimeout('IFrame timed out without a response'))).toEqual({
      reason: 'timeout',
      error: null,
      description: 'IFrame timed out without a response',
      decidedBy: 'timeout',
    });
  });

  it('recognises a network failure', () => {
    expect(classifyAuthFailure(new TypeError('Failed to fetch')).reason).toBe('network_error');
  });

  it('recognises a response for a request this browser did not make', () => {
    expect(classifyAuthFailure(new Error('No matching state found in storage'))).toEqual({
      reason: 'invalid_state',
      error: null,
      description: null,
    });
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

const failureOf = (reason: AuthFailure['reason']): AuthFailure => ({
  reason,
  error: null,
  description: null,
});

describe('isTransientFailure', () => {
  it.each(['timeout', 'network_error', 'offline', 'server_error', 'rate_limited'] as const)(
    '%s is worth retrying',
    (reason) => {
      expect(isTransientFailure(failureOf(reason))).toBe(true);
    },
  );

  it.each([
    'login_required',
    'consent_required',
    'interaction_required',
    'third_party_cookies_blocked',
    'frame_blocked',
    'oauth_error',
    'invalid_state',
    'invalid_response',
  ] as const)('%s is a definitive answer, not retried', (reason) => {
    expect(isTransientFailure(failureOf(reason))).toBe(false);
  });
});

describe('noticeOffline', () => {
  it('turns a network failure or timeout into offline when the browser is offline', () => {
    expect(
      noticeOffline(
        { reason: 'network_error', error: null, description: 'Failed to fetch' },
        false,
      ),
    ).toEqual({
      reason: 'offline',
      error: null,
      description: 'The browser is offline (Failed to fetch)',
    });
    expect(noticeOffline(failureOf('timeout'), false).reason).toBe('offline');
  });

  it('leaves every failure alone while the browser is online', () => {
    expect(noticeOffline(failureOf('network_error'), true).reason).toBe('network_error');
  });

  it('leaves answers from the server alone even offline', () => {
    expect(noticeOffline(failureOf('login_required'), false).reason).toBe('login_required');
    expect(noticeOffline(failureOf('server_error'), false).reason).toBe('server_error');
  });
});
