import type { Context } from 'hono';

/**
 * The server's own pages (login, consent, errors): never framed (clickjacking), no scripts.
 * No `form-action`: Chromium applies it to the redirects after the post, which end at the
 * client's redirect URI.
 */
export function setPageHeaders(c: Context): void {
  c.header('X-Frame-Options', 'DENY');
  c.header(
    'Content-Security-Policy',
    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
  );
  setNoStore(c);
}

/** Responses that carry codes, tokens or per-user pages must not be cached (RFC 6749 §5.1). */
export const NO_STORE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Cache-Control': 'no-store',
  Pragma: 'no-cache',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
});

export function setNoStore(c: Context): void {
  setContextHeaders(c, NO_STORE_HEADERS);
}

/** Sets `headers` on the answer a route gives through the context (`c.body`, `c.json`…). */
export function setContextHeaders(c: Context, headers: Readonly<Record<string, string>>): void {
  for (const name in headers) c.header(name, headers[name]);
}
