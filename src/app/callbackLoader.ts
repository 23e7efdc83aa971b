import { type LoaderFunctionArgs, replace } from 'react-router';
import type { AuthStore } from '../auth/authStore.ts';
import {
  type FragmentWindow,
  removeFragmentFromUrl,
} from '../auth/implicit/removeFragmentFromUrl.ts';

const RESPONSE_PARAMETERS = ['code', 'error', 'state', 'access_token', 'id_token'];

/**
 * Does this URL carry an authorization response: in the query (code flow, RFC 6749 §4.1.2,
 * §4.1.2.1) or in the fragment (the deprecated implicit flow, §4.2.2, §4.2.2.1)?
 */
export function isAuthorizationResponse(url: URL): boolean {
  const fragment = new URLSearchParams(url.hash.slice(1));
  return RESPONSE_PARAMETERS.some((name) => url.searchParams.has(name) || fragment.has(name));
}

/**
 * /callback: finishes the login, then *replaces* the history entry so the code and state (or
 * the implicit flow's tokens) are left neither in the address bar nor in history — with the
 * return path on success, with a bare /callback (which shows the error) on failure.
 *
 * The router's request never carries the fragment, where the implicit flow's tokens are: it is
 * read from the address bar (when that shows the page being loaded) and taken out of it and of
 * history at once, whatever the sign-in then makes of it.
 */
export function callbackLoader(
  store: AuthStore,
  browser: FragmentWindow | undefined = globalThis.window,
) {
  return async ({ request }: LoaderFunctionArgs) => {
    const url = new URL(request.url);
    if (browser && browser.location.pathname === url.pathname) {
      url.hash = browser.location.hash;
      removeFragmentFromUrl(browser);
    }
    if (!isAuthorizationResponse(url)) return null;
    const result = await store.getState().completeLogin(url.href);
    return replace(result.ok ? result.returnPath : url.pathname);
  };
}
