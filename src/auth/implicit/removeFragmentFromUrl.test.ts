import { describe, expect, it } from 'vitest';
import { removeFragmentFromUrl } from './removeFragmentFromUrl.ts';

function fakeWindow(url: string) {
  const location = new URL(url);
  const calls: unknown[][] = [];
  const history = {
    state: { usr: null, key: 'router-key', idx: 3 },
    replaceState(...args: unknown[]) {
      calls.push(args);
      location.href = new URL(String(args[2]), location).href;
    },
  };
  return { win: { location, history }, calls };
}

describe('removeFragmentFromUrl', () => {
  it('replaces the current history entry with the URL without its fragment', () => {
    const { win, calls } = fakeWindow(
      'http://localhost:5173/callback?x=1#access_token=secret&id_token=secret&state=s',
    );
    expect(removeFragmentFromUrl(win)).toBe(true);
    expect(calls).toEqual([[{ usr: null, key: 'router-key', idx: 3 }, '', '/callback?x=1']]);
    expect(win.location.href).toBe('http://localhost:5173/callback?x=1');
  });

  it('leaves a URL without a fragment alone', () => {
    const { win, calls } = fakeWindow('http://localhost:5173/profile');
    expect(removeFragmentFromUrl(win)).toBe(false);
    expect(calls).toEqual([]);
  });
});
