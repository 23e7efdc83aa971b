import { describe, expect, it } from 'vitest';
import {
  capLoggedParameters,
  createRequestLog,
  isSecretParameter,
  LOGGED_VALUE_CHARS,
  type RecordedRequest,
  redactParameters,
  TRUNCATED,
} from './requestLog.ts';

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

const request = (overrides: Partial<RecordedRequest> = {}): RecordedRequest => ({
  at: 0,
  method: 'POST',
  path: '/oauth/token',
  search: '',
  status: 200,
  durationMs: 1,
  secFetchDest: null,
  secFetchSite: null,
  secFetchStorageAccess: null,
  ...overrides,
});

describe('capLoggedParameters', () => {
  it('cuts a long value and says how long it was', () => {
    const [[name, value] = []] = capLoggedParameters([['username', 'é'.repeat(1_000)]]);
    expect(name).toBe('username');
    expect(value).toBe(`${'é'.repeat(LOGGED_VALUE_CHARS)}… (truncated, 2000 bytes)`);
  });

  it('keeps short parameters whole, and leaves out those past the entry budget, counted', () => {
    const sent: [string, string][] = [
      ['grant_type', 'authorization_code'],
      ...Array.from({ length: 100 }, (_, i): [string, string] => [`p${i}`, 'v'.repeat(200)]),
    ];
    const kept = capLoggedParameters(sent);
    const whole = kept.slice(0, -1);
    expect(whole).toEqual(sent.slice(0, whole.length));
    const leftOut = sent.slice(whole.length);
    const leftOutBytes = leftOut.reduce(
      (sum, [name, value]) => sum + name.length + value.length,
      0,
    );
    expect(leftOut.length).toBeGreaterThan(70);
    expect(kept.at(-1)).toEqual([
      TRUNCATED,
      `${leftOut.length} more parameters, ${leftOutBytes} bytes`,
    ]);
  });
});

describe('the request log, bounded in bytes', () => {
  it('lists 1,000 requests with 60 KB bodies in under 1 KB each', () => {
    const log = createRequestLog();
    for (let i = 0; i < 1_000; i += 1) {
      log.append(request({ body: capLoggedParameters([['username', 'a'.repeat(60_000)]]) }));
    }
    const listed = log.list();
    expect(listed).toHaveLength(1_000);
    expect(listed[0]?.body?.username).toMatch(/… \(truncated, 60000 bytes\)$/);
    expect(JSON.stringify(listed).length).toBeLessThan(1_000 * 1_024);
  });

  it('keeps no more of the newest requests than fit its byte budget', () => {
    const log = createRequestLog(1_000, 100_000);
    for (let i = 0; i < 1_000; i += 1) log.append(request({ search: `q=${'x'.repeat(8_000)}` }));
    const listed = log.list();
    // 8,000 characters weigh 16,000 bytes and more: six entries fit in 100,000 at most.
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.length).toBeLessThanOrEqual(6);
    expect(listed.at(-1)?.seq).toBe(1_000);
    expect(log.dropped()).toBe(1_000 - listed.length);
    expect(listed[0]?.query.q).toMatch(/… \(truncated, 8000 bytes\)$/);
  });
});
