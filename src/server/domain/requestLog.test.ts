import { describe, expect, it } from 'vitest';
import { isSecretParameter, redactQuery } from './requestLog.ts';

describe('isSecretParameter', () => {
  it.each([
    'code',
    'access_token',
    'id_token',
    'refresh_token',
    'token',
    'client_secret',
    'code_verifier',
    'client_assertion',
    'id_token_hint',
    'device_code',
    'user_code',
    'password',
    'Code',
  ])('redacts %s', (name) => {
    expect(isSecretParameter(name)).toBe(true);
  });

  it.each([
    'prompt',
    'state',
    'nonce',
    'response_type',
    'code_challenge',
    'code_challenge_method',
    'token_type_hint',
    'client_id',
  ])('keeps %s', (name) => {
    expect(isSecretParameter(name)).toBe(false);
  });
});

describe('redactQuery', () => {
  it('redacts secrets and keeps repeated parameters as arrays', () => {
    const params = new URLSearchParams('prompt=none&code=abc&scope=a&scope=b&id_token_hint=eyJ');
    expect(redactQuery(params)).toEqual({
      prompt: 'none',
      code: '[redacted]',
      scope: ['a', 'b'],
      id_token_hint: '[redacted]',
    });
  });
});
