import { describe, expect, it, vi } from 'vitest';
import type { AuthFailure } from './authFailure.ts';
import { diagnoseLoginRequired, readCookieProbeMessage } from './cookieProbe.ts';

const AUTH = 'http://127.0.0.1:4400';
const probeFrame = { name: 'probe frame' };
const expected = { origin: AUTH, frameWindow: probeFrame };

describe('readCookieProbeMessage', () => {
  it('reads the answer of our probe frame', () => {
    const read = (cookies: boolean) =>
      readCookieProbeMessage(
        { origin: AUTH, source: probeFrame, data: { type: 'cookie_probe', cookies } },
        expected,
      );
    expect(read(false)).toBe(false);
    expect(read(true)).toBe(true);
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
  ])('ignores a message from %s', (_, message) => {
    expect(readCookieProbeMessage(message, expected)).toBeNull();
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
