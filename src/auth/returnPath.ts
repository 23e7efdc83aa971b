import { SPA_PATHS } from '../protocol/defaults.ts';

export const HOME_PATH = '/';

/**
 * Where to send the user after login: a path on our own origin, or null when `candidate`
 * could lead anywhere else. Refuses protocol-relative (`//evil.com`), backslash (`/\evil.com`,
 * which browsers read as `//`), absolute URLs, control characters and the callback pages
 * themselves (returning there would loop).
 */
export function safeReturnPath(candidate: unknown, origin: string): string | null {
  if (typeof candidate !== 'string' || candidate.length > 2048) return null;
  if (!candidate.startsWith('/') || candidate.startsWith('//')) return null;
  // Browsers turn `\` into `/` and drop tabs/newlines inside URLs, so `/\evil.com` or
  // `/\t/evil.com` would become `//evil.com`. Nothing legitimate here needs either.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\\\u0000-\u001f\u007f]/.test(candidate)) return null;
  let url: URL;
  try {
    url = new URL(candidate, origin);
  } catch {
    return null;
  }
  if (url.origin !== new URL(origin).origin) return null;
  if (url.pathname === SPA_PATHS.callback || url.pathname === SPA_PATHS.silentCallback) {
    return null;
  }
  return `${url.pathname}${url.search}${url.hash}`;
}

/** {@link safeReturnPath}, falling back to the home page. */
export function returnPathOrHome(candidate: unknown, origin: string): string {
  return safeReturnPath(candidate, origin) ?? HOME_PATH;
}
