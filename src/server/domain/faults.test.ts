import { describe, expect, it } from 'vitest';
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
  it.each([
    ['login_required', 400],
    ['consent_required', 400],
    ['interaction_required', 400],
    ['server_error', 500],
    ['temporarily_unavailable', 503],
  ] as const)('answers %s with %s', (error, status) => {
    expect(forcedOAuthError({ type: 'error', error }).status).toBe(status);
  });
});
