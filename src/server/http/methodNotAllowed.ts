import type { Context } from 'hono';

/** An OAuth endpoint reached with another method: 405 in the OAuth error shape. */
export function methodNotAllowed(c: Context, what: string): Response {
  c.header('Allow', 'POST, OPTIONS');
  return c.json({ error: 'invalid_request', error_description: `${what} only accepts POST` }, 405);
}
