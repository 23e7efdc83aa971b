import type { LoaderFunctionArgs } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import type { AuthStore, LoginCompletion } from '../auth/authStore.ts';
import { callbackLoader, isAuthorizationResponse } from './callbackLoader.ts';

const SPA = 'http://localhost:5173';

function fakeStore(completion: LoginCompletion) {
  const completeLogin = vi.fn(async (_url: string) => completion);
  const store = { getState: () => ({ completeLogin }) } as unknown as AuthStore;
  return { store, completeLogin };
}

/** The address bar and history of the tab, as the loader sees them. */
function fakeBrowser(href: string) {
  const location = new URL(href);
  const entries = [href];
  const history = {
    state: { idx: 0 },
    replaceState: (_state: unknown, _title: string, url: string) => {
      location.href = new URL(url, location).href;
      entries[entries.length - 1] = location.href;
    },
  };
  return { location, history, entries };
}

/** React Router's request: the URL without its fragment, which browsers never send. */
const run = (loader: ReturnType<typeof callbackLoader>, href: string) => {
  const url = new URL(href);
  url.hash = '';
  return loader({ request: new Request(url) } as LoaderFunctionArgs);
};

const locationOf = (result: unknown) => (result as Response).headers.get('Location');

describe('isAuthorizationResponse', () => {
  it('finds a response in the query (code flow) or in the fragment (implicit flow)', () => {
    expect(isAuthorizationResponse(new URL(`${SPA}/callback?code=c&state=s`))).toBe(true);
    expect(isAuthorizationResponse(new URL(`${SPA}/callback#access_token=a&state=s`))).toBe(true);
    expect(isAuthorizationResponse(new URL(`${SPA}/callback#error=access_denied`))).toBe(true);
    expect(isAuthorizationResponse(new URL(`${SPA}/callback`))).toBe(false);
    expect(isAuthorizationResponse(new URL(`${SPA}/callback#section-2`))).toBe(false);
  });
});

describe('callbackLoader', () => {
  it('finishes a code-flow login and goes to the return path in place of the callback', async () => {
    const { store, completeLogin } = fakeStore({ ok: true, returnPath: '/profile' });
    const href = `${SPA}/callback?code=c&state=s`;
    const result = await run(callbackLoader(store, fakeBrowser(href)), href);
    expect(completeLogin).toHaveBeenCalledWith(href);
    expect(locationOf(result)).toBe('/profile');
  });

  it('takes the implicit flow’s fragment from the address bar and out of it and of history', async () => {
    const { store, completeLogin } = fakeStore({ ok: true, returnPath: '/api' });
    const href = `${SPA}/callback#access_token=a&id_token=i&state=s`;
    const browser = fakeBrowser(href);
    const result = await run(callbackLoader(store, browser), href);
    expect(completeLogin).toHaveBeenCalledWith(href);
    expect(browser.location.href).toBe(`${SPA}/callback`);
    expect(browser.entries).toEqual([`${SPA}/callback`]);
    expect(locationOf(result)).toBe('/api');
  });

  it('on failure goes to a bare /callback (which shows why), and does not loop there', async () => {
    const failure = {
      reason: 'invalid_response' as const,
      error: null,
      description: 'The ID token signature is invalid (id_token_invalid_signature)',
    };
    const { store, completeLogin } = fakeStore({ ok: false, failure, returnPath: '/profile' });
    const href = `${SPA}/callback#access_token=a&id_token=tampered&state=s`;
    const browser = fakeBrowser(href);
    const loader = callbackLoader(store, browser);
    expect(locationOf(await run(loader, href))).toBe('/callback');
    expect(browser.location.hash).toBe('');
    // The redirect loads /callback again: nothing left to finish.
    expect(await run(loader, `${SPA}/callback`)).toBeNull();
    expect(completeLogin).toHaveBeenCalledTimes(1);
  });

  it('ignores the fragment of another page than the one being loaded', async () => {
    const { store, completeLogin } = fakeStore({ ok: true, returnPath: '/' });
    const browser = fakeBrowser(`${SPA}/profile#access_token=a&state=s`);
    expect(await run(callbackLoader(store, browser), `${SPA}/callback`)).toBeNull();
    expect(completeLogin).not.toHaveBeenCalled();
    expect(browser.location.hash).toBe('#access_token=a&state=s');
  });
});
