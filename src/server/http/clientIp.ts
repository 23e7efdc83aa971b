import type { Context } from 'hono';

interface NodeBindings {
  incoming?: { socket?: { remoteAddress?: string } };
}

/**
 * The peer's address from @hono/node-server's bindings. Forwarded headers are not trusted (any
 * caller could set them); in-process requests have no socket and share one bucket.
 */
export function clientIpOf(c: Context): string {
  const env = c.env as NodeBindings | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'unknown';
}
