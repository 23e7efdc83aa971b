import { type LoaderFunctionArgs, replace } from 'react-router';
import type { AuthStore } from '../auth/authStore.ts';

/** Does this URL carry an authorization response (RFC 6749 §4.1.2, §4.1.2.1)? */
export function isAuthorizationResponse(url: URL): boolean {
  return ['code', 'error', 'state'].some((name) => url.searchParams.has(name));
}

/**
 * /callback: finishes the login, then *replaces* the history entry so the code and state are
 * left neither in the address bar nor in history — with the return path on success, with a
 * bare /callback (which shows the error) on failure.
 */
export function callbackLoader(store: AuthStore) {
  return async ({ request }: LoaderFunctionArgs) => {
    const url = new URL(request.url);
    if (!isAuthorizationResponse(url)) return null;
    const result = await store.getState().completeLogin(url.href);
    return replace(result.ok ? result.returnPath : url.pathname);
  };
}
