import { describe, expect, it } from 'vitest';
import { rateLimitExceeded } from '../domain/rateLimits.ts';
import { createFaultSettings, forcedOAuthError, pathMatches } from './faults.ts';

const noQuery = () => undefined;

describe('pathMatches', () => {
  it.each([
    ['*', '/anything', true],
    ['/authorize', '/authorize', true],
    ['/authorize', '/authorize/resume', false],
    ['/u/*', '/u/login', true],
    ['/u/*', '/userinfo', false],
  ])('%s against %s: %s', (pattern, path, expected) => {
    expect(pathMatches(pattern, path)).toBe(expected);
  });
});

describe('createFaultSettings', () => {
  it('applies every matching delay and the first error or hang, counting each down', () => {
    const faults = createFaultSettings();
    faults.add({ path: '*', query: {}, remaining: null, fault: { type: 'delay', ms: 10 } });
    faults.add({ path: '/authorize', query: {}, remaining: 1, fault: { type: 'delay', ms: 5 } });
    faults.add({ path: '/authorize', query: {}, remaining: 1, fault: { type: 'hang' } });
    faults.add({
      path: '/authorize',
      query: {},
      remaining: 1,
      fault: { type: 'error', error: 'login_required' },
    });
    expect(faults.take('/authorize', noQuery)).toEqual({ delayMs: 15, outcome: { type: 'hang' } });
    expect(faults.take('/authorize', noQuery)).toEqual({
      delayMs: 10,
      outcome: { type: 'error', error: 'login_required' },
    });
    expect(faults.take('/authorize', noQuery)).toEqual({ delayMs: 10, outcome: undefined });
    expect(faults.list()).toHaveLength(1);
  });

  it('matches the query it was given', () => {
    const faults = createFaultSettings();
    faults.add({
      path: '/authorize',
      query: { prompt: 'none' },
      remaining: 1,
      fault: { type: 'hang' },
    });
    expect(faults.take('/authorize', (name) => (name === 'prompt' ? 'login' : undefined))).toBe(
      undefined,
    );
    expect(faults.take('/authorize', (name) => (name === 'prompt' ? 'none' : undefined))).toEqual({
      delayMs: 0,
      outcome: { type: 'hang' },
    });
  });

  it('releases holds when cleared, and ends every hold at close, later ones at once', async () => {
    const faults = createFaultSettings();
    const hang = faults.hold();
    const delay = faults.hold(60_000);
    faults.clear();
    expect(await hang).toBe('released');
    expect(await delay).toBe('released');
    const another = faults.hold();
    faults.close();
    expect(await another).toBe('closed');
    expect(await faults.hold(60_000)).toBe('closed');
    expect(await faults.hold(1)).toBe('closed');
  });

  it('lets a delay elapse', async () => {
    expect(await createFaultSettings().hold(1)).toBe('elapsed');
  });
});

describe('forcedOAuthError', () => {
  const at = {
    now: Date.UTC(2030, 0, 1, 0, 0, 15),
    rateLimits: { refreshToken: null, client: null },
  };

  it.each([
    ['login_required', 400],
    ['consent_required', 400],
    ['interaction_required', 400],
    ['server_error', 500],
    ['temporarily_unavailable', 503],
    ['too_many_requests', 429],
  ] as const)('answers %s with %s', (error, status) => {
    expect(forcedOAuthError({ type: 'error', error }, at).status).toBe(status);
  });

  it('answers too_many_requests as the token endpoint does: Retry-After to the window end, X-RateLimit-*', () => {
    const limits = { refreshToken: { limit: 30, windowSeconds: 60 }, client: null };
    const error = forcedOAuthError(
      { type: 'error', error: 'too_many_requests' },
      { ...at, rateLimits: limits },
    );
    const real = rateLimitExceeded(
      limits.refreshToken,
      Date.UTC(2030, 0, 1, 0, 1),
      at.now,
      '(forced by the control API)',
    );
    expect(error.headers).toEqual({
      'Retry-After': '45',
      'X-RateLimit-Limit': '30',
      'X-RateLimit-Remaining': '0',
      'X-RateLimit-Reset': String(Date.UTC(2030, 0, 1, 0, 1) / 1000),
    });
    expect(error.toJSON()).toEqual(real.toJSON());
  });

  it('prefers the per-client limit, and ends the window after retryAfterSeconds when given', () => {
    const error = forcedOAuthError(
      { type: 'error', error: 'too_many_requests', retryAfterSeconds: 3, description: 'Slow down' },
      {
        ...at,
        rateLimits: {
          refreshToken: { limit: 30, windowSeconds: 60 },
          client: { limit: 5, windowSeconds: 10 },
        },
      },
    );
    expect(error.headers).toMatchObject({
      'Retry-After': '3',
      'X-RateLimit-Limit': '5',
      'X-RateLimit-Reset': String(at.now / 1000 + 3),
    });
    expect(error.description).toBe('Slow down');
  });
});
