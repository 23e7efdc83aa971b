import { describe, expect, it, vi } from 'vitest';
import type { AuthFailure } from './authFailure.ts';
import { cookieProbeAnswer, diagnoseLoginRequired } from './cookieProbe.ts';
import { checkFrameAnswer, type FrameMessage } from './hiddenFrame.ts';

const AUTH = 'http://127.0.0.1:4400';
const probeFrame = { name: 'probe frame' };
const check = (message: FrameMessage) =>
  checkFrameAnswer(message, cookieProbeAnswer(AUTH), probeFrame);

describe('cookieProbeAnswer', () => {
  it('reads the answer of our probe frame', () => {
    const read = (cookies: boolean) =>
      check({ origin: AUTH, source: probeFrame, data: { type: 'cookie_probe', cookies } });
    expect(read(false)).toEqual({ accept: true, answer: false });
    expect(read(true)).toEqual({ accept: true, answer: true });
  });

  it.each([
    [
      'another origin',
      {
        origin: 'https://evil.example',
        source: probeFrame,
        data: { type: 'cookie_probe', cookies: false },
      },
    ],
    [
      'another window',
      { origin: AUTH, source: {}, data: { type: 'cookie_probe', cookies: false } },
    ],
  ])('refuses an answer from %s', (_, message) => {
    expect(check(message)).toMatchObject({ accept: false });
  });

  it.each([
    [
      'another type',
      {
        origin: AUTH,
        source: probeFrame,
        data: { type: 'authorization_response', cookies: false },
      },
    ],
    [
      'no verdict',
      { origin: AUTH, source: probeFrame, data: { type: 'cookie_probe', cookies: 'no' } },
    ],
  ])('does not take %s for an answer', (_, message) => {
    expect(check(message)).toBeNull();
  });
});

describe('diagnoseLoginRequired', () => {
  const loginRequired: AuthFailure = {
    reason: 'login_required',
    error: 'login_required',
    description: null,
  };

  it('blames blocked third-party cookies when the probe says the cookie did not come back', async () => {
    await expect(diagnoseLoginRequired(loginRequired, async () => false)).resolves.toMatchObject({
      reason: 'third_party_cookies_blocked',
      error: 'login_required',
      decidedBy: 'cookie_probe',
    });
  });

  it('keeps login_required when cookies work (there really is no session) or the probe cannot tell', async () => {
    await expect(diagnoseLoginRequired(loginRequired, async () => true)).resolves.toBe(
      loginRequired,
    );
    await expect(diagnoseLoginRequired(loginRequired, async () => null)).resolves.toBe(
      loginRequired,
    );
  });

  it('does not probe for other failures', async () => {
    const probe = vi.fn(async () => false);
    const timeout: AuthFailure = { reason: 'timeout', error: null, description: null };
    await expect(diagnoseLoginRequired(timeout, probe)).resolves.toBe(timeout);
    expect(probe).not.toHaveBeenCalled();
  });
});
