import { timingSafeEqual } from 'node:crypto';

/** The server's own signed-in pages a login may return to; nothing else (no open redirect). */
const RETURN_PATHS = ['/activate', '/dashboard'] as const;

/**
 * Only a local path under one of the server's own pages: never `//host`, `/\host` or a full
 * URL, which a browser would follow off-site.
 */
export function isSafeReturnPath(path: string | undefined): path is string {
  if (path === undefined || /[\\\s]/.test(path)) return false;
  return RETURN_PATHS.some(
    (prefix) => path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}?`),
  );
}

/** What the sign-in is for, as the login page says it. */
export const purposeOfReturnPath = (path: string): string =>
  path.startsWith('/activate') ? 'device activation' : 'the Silent Auth Lab dashboard';

/** The double-submit check: the form's token must equal the cookie's (and both exist). */
export function isLoginFormPostAllowed(
  cookieToken: string | undefined,
  formToken: string | undefined,
): boolean {
  if (!cookieToken || !formToken) return false;
  const a = Buffer.from(cookieToken);
  const b = Buffer.from(formToken);
  return a.length === b.length && timingSafeEqual(a, b);
}
