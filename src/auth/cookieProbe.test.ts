import { describe, expect, it, vi } from 'vitest';
import type { AuthFailure } from './authFailure.ts';
import { cookieProbeAnswer, diagnoseLoginRequired } from './cookieProbe.ts';
import { checkFrameAnswer, type FrameMessage } from './hiddenFrame.ts';
import { COOKIES_BLOCKED, COOKIES_SENT } from './testSupport/cookieProbeResults.ts';

const AUTH = 'http://127.0.0.1:4400';
const probeFrame = { name: 'probe frame' };
const check = (message: FrameMessage) =>
  checkFrameAnswer(message, cookieProbeAnswer(AUTH), probeFrame);

describe('cookieProbeAnswer', () => {
  it('reads the answer of our probe frame, with what it found of storage access', () => {
    const read = (cookies: boolean, storageAccess?: unknown) =>
      check({
        origin: AUTH,
        source: probeFrame,
        data: { type: 'cookie_probe', cookies, storageAccess },
      });
    const report = { header: 'none', api: true, permission: 'prompt' };
    expect(read(false, report)).toEqual({
      accept: true,
      answer: { cookies: false, storageAccess: 'grantable' },
    });
    expect(read(true, { ...report, header: 'active', permission: 'granted' })).toEqual({
      accept: true,
      answer: { cookies: true, storageAccess: 'active' },
    });
    expect(read(false, { ...report, permission: 'granted' })).toMatchObject({
      answer: { storageAccess: 'granted_not_active' },
    });
    // An older server (no report), or a malformed one: nothing to ask with, as far as we know.
    expect(read(false)).toMatchObject({ answer: { storageAccess: 'no_api' } });
    expect(read(false, { ...report, api: 'yes' })).toMatchObject({
      answer: { storageAccess: 'no_api' },
    });
    expect(read(true)).toEqual({
      accept: true,
      answer: { cookies: true, storageAccess: 'not_needed' },
    });
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
    await expect(
      diagnoseLoginRequired(loginRequired, async () => COOKIES_BLOCKED),
    ).resolves.toMatchObject({
      reason: 'third_party_cookies_blocked',
      error: 'login_required',
      decidedBy: 'cookie_probe',
      storageAccess: 'grantable',
    });
  });

  it('keeps login_required when cookies work (there really is no session) or the probe cannot tell', async () => {
    await expect(diagnoseLoginRequired(loginRequired, async () => COOKIES_SENT)).resolves.toBe(
      loginRequired,
    );
    await expect(diagnoseLoginRequired(loginRequired, async () => null)).resolves.toBe(
      loginRequired,
    );
  });

  it('does not probe for other failures', async () => {
    const probe = vi.fn(async () => COOKIES_BLOCKED);
    const timeout: AuthFailure = { reason: 'timeout', error: null, description: null };
    await expect(diagnoseLoginRequired(timeout, probe)).resolves.toBe(timeout);
    expect(probe).not.toHaveBeenCalled();
  });
});
