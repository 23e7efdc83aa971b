import { afterEach, describe, expect, it } from 'vitest';
import {
  type LoopbackRedirect,
  LoopbackTimeoutError,
  startLoopbackRedirect,
} from './loopbackRedirect.ts';

const open: LoopbackRedirect[] = [];
const start = async (options?: { timeoutMs?: number }) => {
  const loopback = await startLoopbackRedirect(options);
  open.push(loopback);
  return loopback;
};
afterEach(async () => {
  await Promise.all(open.splice(0).map((l) => l.close()));
});

describe('startLoopbackRedirect', () => {
  it('listens on the IPv4 loopback literal on a free port (RFC 8252 §7.3, §8.3)', async () => {
    const loopback = await start();
    expect(loopback.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
  });

  it('resolves with the redirect the browser brings back, and tells the user to go back', async () => {
    const loopback = await start();
    const response = await fetch(`${loopback.redirectUri}?code=abc&state=xyz`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'");
    expect(await response.text()).toContain('You can close this window');
    const url = await loopback.callback;
    expect(url.searchParams.get('code')).toBe('abc');
    expect(url.searchParams.get('state')).toBe('xyz');
    expect(url.origin + url.pathname).toBe(loopback.redirectUri);
  });

  it('shows a failure page for an error redirect and still hands it over', async () => {
    const loopback = await start();
    const response = await fetch(`${loopback.redirectUri}?error=access_denied&state=xyz`);
    expect(await response.text()).toContain('Sign-in failed');
    expect((await loopback.callback).searchParams.get('error')).toBe('access_denied');
  });

  it('answers 404 to anything but the callback, and to a second callback', async () => {
    const loopback = await start();
    const origin = new URL(loopback.redirectUri).origin;
    expect((await fetch(`${origin}/favicon.ico`)).status).toBe(404);
    expect((await fetch(`${loopback.redirectUri}?code=1`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${loopback.redirectUri}?code=first`)).status).toBe(200);
    expect((await fetch(`${loopback.redirectUri}?code=second`)).status).toBe(404);
    expect((await loopback.callback).searchParams.get('code')).toBe('first');
  });

  it('gives up after its timeout with a clear error', async () => {
    const loopback = await start({ timeoutMs: 50 });
    await expect(loopback.callback).rejects.toThrow(LoopbackTimeoutError);
    await expect(loopback.callback).rejects.toThrow('No sign-in came back within');
  });

  it('stops listening when closed', async () => {
    const loopback = await start();
    await loopback.close();
    await expect(fetch(loopback.redirectUri)).rejects.toThrow();
  });
});
