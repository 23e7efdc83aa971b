import { describe, expect, it, vi } from 'vitest';
import type { AuthFlows } from './authFlows.ts';
import { lazyAuthFlows } from './lazyAuthFlows.ts';
import { sessionFor } from './testSupport/testTokens.ts';

function fakeFlows(overrides: Partial<AuthFlows> = {}): AuthFlows {
  return {
    startLogin: vi.fn(async () => {}),
    finishLogin: vi.fn(async () => ({ session: sessionFor(), returnPath: '/profile' })),
    renewSilently: vi.fn(async () => sessionFor()),
    accessToken: vi.fn(async () => 'access-token'),
    exportTokens: vi.fn(async () => '{"access_token":"access-token"}'),
    adoptTokens: vi.fn(async () => {}),
    forgetUser: vi.fn(async () => {}),
    startLogout: vi.fn(async () => {}),
    ...overrides,
  };
}

describe('lazyAuthFlows', () => {
  it('loads the flows once, on first use, and hands every call to them', async () => {
    const flows = fakeFlows();
    const load = vi.fn(async () => flows);
    const lazy = lazyAuthFlows(load);
    expect(load).not.toHaveBeenCalled();

    await lazy.startLogin('/profile');
    expect(await lazy.finishLogin('http://localhost:5173/callback#x')).toMatchObject({
      returnPath: '/profile',
    });
    await lazy.renewSilently('web_message');
    expect(await lazy.accessToken()).toBe('access-token');
    expect(await lazy.exportTokens()).toBe('{"access_token":"access-token"}');
    const accept = () => true;
    await lazy.adoptTokens('tokens', accept);
    await lazy.forgetUser();
    await lazy.startLogout();

    expect(load).toHaveBeenCalledTimes(1);
    expect(flows.startLogin).toHaveBeenCalledWith('/profile');
    expect(flows.renewSilently).toHaveBeenCalledWith('web_message');
    expect(flows.adoptTokens).toHaveBeenCalledWith('tokens', accept);
    expect(flows.forgetUser).toHaveBeenCalled();
    expect(flows.startLogout).toHaveBeenCalled();
  });

  it('preloads without waiting, and shares that load with the calls that follow', async () => {
    const load = vi.fn(async () => fakeFlows());
    const lazy = lazyAuthFlows(load);
    lazy.preload();
    expect(load).toHaveBeenCalledTimes(1);
    await lazy.accessToken();
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('fails the call when loading fails (a missing chunk), and tries again on the next', async () => {
    const load = vi
      .fn<() => Promise<AuthFlows>>()
      .mockRejectedValueOnce(new TypeError('Failed to fetch dynamically imported module'))
      .mockResolvedValue(fakeFlows());
    const lazy = lazyAuthFlows(load);
    lazy.preload();
    await expect(lazy.startLogin('/')).rejects.toThrow('Failed to fetch');
    await expect(lazy.accessToken()).resolves.toBe('access-token');
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('shares no tokens with flows that cannot (the lock is still shared by the store)', async () => {
    const lazy = lazyAuthFlows(async () =>
      fakeFlows({ exportTokens: undefined, adoptTokens: undefined }),
    );
    expect(await lazy.exportTokens()).toBeNull();
    const accept = vi.fn(() => true);
    await lazy.adoptTokens('tokens', accept);
    expect(accept).not.toHaveBeenCalled();
  });
});
