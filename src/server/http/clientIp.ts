import type { Context } from 'hono';
import { nodeIncomingOf } from './nodeIncoming.ts';

/**
 * The peer's address from @hono/node-server's bindings. Forwarded headers are not trusted (any
 * caller could set them); in-process requests have no socket and share one bucket.
 */
export function clientIpOf(c: Context): string {
  return nodeIncomingOf(c)?.socket?.remoteAddress ?? 'unknown';
}
