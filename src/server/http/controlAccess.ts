import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';

/**
 * The control API is for test runners (Node, Playwright's request context), which send no
 * Origin. A browser page on another origin must not reset or end sessions behind the user's back.
 */
export const isControlRequestAllowed = (c: Context): boolean => {
  const origin = c.req.header('origin');
  return origin === undefined || origin === new URL(c.req.url).origin;
};

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * With a control token configured, only `Authorization: Bearer <token>` opens the control API.
 * Compared in constant time (over digests, so the length leaks nothing either).
 */
export function isControlTokenValid(
  expected: string | undefined,
  authorization: string | undefined,
): boolean {
  if (expected === undefined) return true;
  const match = /^Bearer ([^\s]+)$/i.exec(authorization?.trim() ?? '');
  if (!match?.[1]) return false;
  return timingSafeEqual(digest(match[1]), digest(expected));
}
