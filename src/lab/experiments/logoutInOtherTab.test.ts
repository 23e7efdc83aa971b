import { describe, expect, it, vi } from 'vitest';
import { createStore } from 'zustand/vanilla';
import type { AuthStore } from '../../auth/authStore.ts';
import { actAsOtherTab, type OtherTabPhase } from './logoutInOtherTab.ts';

const ORIGIN = 'http://localhost:5173';

function fakeTab(opener: object | null) {
  const listeners = new Set<(event: MessageEvent) => void>();
  const window = {
    opener,
    location: { origin: ORIGIN },
    addEventListener: (_: string, listener: (event: MessageEvent) => void) =>
      listeners.add(listener),
    removeEventListener: (_: string, listener: (event: MessageEvent) => void) =>
      listeners.delete(listener),
  } as unknown as Window;
  const deliver = (data: unknown, source: unknown, origin = ORIGIN) => {
    for (const listener of listeners) listener({ data, source, origin } as MessageEvent);
  };
  return { window, deliver };
}

function fakeAuth(status: string) {
  const logout = vi.fn(async () => {});
  const store = createStore(() => ({ status, timeline: [], logout }));
  return { auth: store as unknown as AuthStore, logout, store };
}

const LOG_OUT = { type: 'silent-auth-lab:other-tab', command: 'log-out' };

describe('actAsOtherTab', () => {
  it('does nothing in a tab nobody opened (a plain link to the page)', () => {
    const phases: OtherTabPhase[] = [];
    const { auth, logout } = fakeAuth('authenticated');
    actAsOtherTab({
      window: fakeTab(null).window,
      auth,
      now: () => 1,
      onPhase: (phase) => phases.push(phase),
    });
    expect(phases).toEqual(['no-opener']);
    expect(logout).not.toHaveBeenCalled();
  });

  it('says it is ready once signed in, and logs out when its opener asks', () => {
    const opener = { postMessage: vi.fn() };
    const tab = fakeTab(opener);
    const { auth, logout, store } = fakeAuth('authenticating');
    const stop = actAsOtherTab({ window: tab.window, auth, now: () => 42, onPhase: () => {} });
    expect(opener.postMessage).not.toHaveBeenCalled();
    store.setState({ status: 'authenticated' });
    expect(opener.postMessage).toHaveBeenCalledWith(
      expect.objectContaining({ phase: 'ready' }),
      ORIGIN,
    );

    tab.deliver(LOG_OUT, opener);
    expect(opener.postMessage).toHaveBeenLastCalledWith(
      expect.objectContaining({ phase: 'logging-out', at: 42 }),
      ORIGIN,
    );
    expect(logout).toHaveBeenCalledTimes(1);
    stop();
  });

  it('ignores the command from another window or another origin', () => {
    const opener = { postMessage: vi.fn() };
    const tab = fakeTab(opener);
    const { auth, logout } = fakeAuth('authenticated');
    actAsOtherTab({ window: tab.window, auth, now: () => 1, onPhase: () => {} });
    tab.deliver(LOG_OUT, {});
    tab.deliver(LOG_OUT, opener, 'http://127.0.0.1:5173');
    expect(logout).not.toHaveBeenCalled();
  });

  it('gives up, and says so, when it never gets signed in', () => {
    vi.useFakeTimers();
    try {
      const opener = { postMessage: vi.fn() };
      const { auth } = fakeAuth('anonymous');
      const phases: OtherTabPhase[] = [];
      actAsOtherTab({
        window: fakeTab(opener).window,
        auth,
        now: () => 1,
        onPhase: (phase) => phases.push(phase),
        giveUpAfterMs: 100,
      });
      vi.advanceTimersByTime(100);
      expect(phases).toEqual(['waiting', 'gave-up']);
      expect(opener.postMessage).toHaveBeenCalledWith(
        expect.objectContaining({ phase: 'gave-up' }),
        ORIGIN,
      );
    } finally {
      vi.useRealTimers();
    }
  });
});
