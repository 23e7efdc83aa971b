import type { Context } from 'hono';
import type { ResponseTarget } from '../domain/authorization/authorize.ts';
import { randomToken } from '../domain/randomToken.ts';
import { formPostPage } from './pages/formPostPage.ts';
import { framedRedirectPage } from './pages/framedRedirectPage.ts';
import { webMessagePage } from './pages/webMessagePage.ts';
import { setNoStore } from './securityHeaders.ts';

/** The one place an authorization response (code or error) is rendered, per response mode. */
export function renderAuthorizationResponse(
  c: Context,
  target: ResponseTarget,
  params: Record<string, string>,
): Response {
  setNoStore(c);
  const frameAncestors = `frame-ancestors ${target.frameAncestors}`;
  // Each page's policy allows what it holds: its nonced script, and a stylesheet only for the
  // form_post page (an htmlDocument); the script-only pages carry none.
  const scriptPage = (html: (nonce: string) => string, style = '') => {
    const nonce = randomToken(16);
    c.header(
      'Content-Security-Policy',
      `default-src 'none'; script-src 'nonce-${nonce}'; ${style}base-uri 'none'; ${frameAncestors}`,
    );
    return c.html(html(nonce));
  };
  const redirect = (location: string) => {
    if (isFramedNavigation(c)) return scriptPage((nonce) => framedRedirectPage(location, nonce));
    c.header('Content-Security-Policy', frameAncestors);
    return c.redirect(location, 302);
  };
  switch (target.responseMode) {
    case 'query': {
      const url = new URL(target.redirectUri);
      for (const [name, value] of Object.entries(params)) url.searchParams.append(name, value);
      return redirect(url.href);
    }
    case 'fragment':
      return redirect(`${target.redirectUri}#${new URLSearchParams(params)}`);
    case 'form_post':
      return scriptPage(
        (nonce) => formPostPage(target.redirectUri, params, nonce),
        "style-src 'unsafe-inline'; ",
      );
    case 'web_message':
      return scriptPage((nonce) =>
        webMessagePage(params, new URL(target.redirectUri).origin, nonce),
      );
  }
}

/** Fetch Metadata (Sec-Fetch-Dest) says whether the browser is loading us into a frame. */
const isFramedNavigation = (c: Context): boolean => {
  const dest = c.req.header('Sec-Fetch-Dest');
  return dest === 'iframe' || dest === 'frame';
};
