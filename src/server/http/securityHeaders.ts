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
export function setNoStore(c: Context): void {
  c.header('Cache-Control', 'no-store');
  c.header('Pragma', 'no-cache');
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'no-referrer');
}
