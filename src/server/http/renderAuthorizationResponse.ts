import type { Context } from 'hono';
import type { ResponseTarget } from '../domain/authorization/authorize.ts';
import { randomToken } from '../domain/randomToken.ts';
import { formPostPage } from './pages/formPostPage.ts';
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
  switch (target.responseMode) {
    case 'query': {
      const url = new URL(target.redirectUri);
      for (const [name, value] of Object.entries(params)) url.searchParams.append(name, value);
      c.header('Content-Security-Policy', frameAncestors);
      return c.redirect(url.href, 302);
    }
    case 'fragment': {
      c.header('Content-Security-Policy', frameAncestors);
      return c.redirect(`${target.redirectUri}#${new URLSearchParams(params)}`, 302);
    }
    case 'form_post': {
      const nonce = randomToken(16);
      c.header(
        'Content-Security-Policy',
        `default-src 'none'; script-src 'nonce-${nonce}'; base-uri 'none'; ${frameAncestors}`,
      );
      return c.html(formPostPage(target.redirectUri, params, nonce));
    }
    case 'web_message': {
      const nonce = randomToken(16);
      c.header(
        'Content-Security-Policy',
        `default-src 'none'; script-src 'nonce-${nonce}'; base-uri 'none'; ${frameAncestors}`,
      );
      return c.html(webMessagePage(params, new URL(target.redirectUri).origin, nonce));
    }
  }
}
