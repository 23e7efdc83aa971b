import { describe, expect, it } from 'vitest';
import { createRequestLog, isSecretParameter, redactParameters } from './requestLog.ts';

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

describe('redactParameters', () => {
  it('redacts secrets and keeps repeated parameters as arrays', () => {
    const params = new URLSearchParams(
      'prompt=none&code=abc&scope=a&scope=b&scope=c&id_token_hint=eyJ',
    );
    expect(redactParameters(params)).toEqual({
      prompt: 'none',
      code: '[redacted]',
      scope: ['a', 'b', 'c'],
      id_token_hint: '[redacted]',
    });
  });

  it('treats names that objects carry as plain parameters', () => {
    const redacted = redactParameters([
      ['constructor', 'a'],
      ['__proto__', 'b'],
      ['toString', 'c'],
      ['toString', 'd'],
    ]);
    expect(JSON.stringify(redacted)).toBe(
      '{"constructor":"a","__proto__":"b","toString":["c","d"]}',
    );
  });
});

describe('createRequestLog', () => {
  const request = {
    at: Date.UTC(2030, 0, 1),
    method: 'POST',
    path: '/oauth/token',
    search: 'audience=api&code=abc',
    status: null,
    durationMs: null,
    secFetchDest: null,
    secFetchSite: null,
    secFetchStorageAccess: null,
  };

  it('lists what was recorded, redacted and dated, and what was noted once it was answered', () => {
    const log = createRequestLog();
    const stored = log.append({
      ...request,
      body: new URLSearchParams('grant_type=authorization_code&code=abc&code_verifier=xyz'),
    });
    Object.assign(stored, { status: 200, durationMs: 1.5 });
    expect(log.list()).toEqual([
      {
        seq: 1,
        time: '2030-01-01T00:00:00.000Z',
        method: 'POST',
        path: '/oauth/token',
        query: { audience: 'api', code: '[redacted]' },
        body: { grant_type: 'authorization_code', code: '[redacted]', code_verifier: '[redacted]' },
        status: 200,
        durationMs: 1.5,
        secFetchDest: null,
        secFetchSite: null,
        secFetchStorageAccess: null,
      },
    ]);
  });

  it('has no body for a request whose body was not read', () => {
    const log = createRequestLog();
    log.append(request);
    expect(log.list()[0]).not.toHaveProperty('body');
  });

  it('keeps the newest entries and counts the dropped ones', () => {
    const log = createRequestLog(2);
    for (let i = 0; i < 5; i++) log.append(request);
    expect(log.list().map((entry) => entry.seq)).toEqual([4, 5]);
    expect(log.dropped()).toBe(3);
    expect(log.list(4).map((entry) => entry.seq)).toEqual([5]);
  });
});
