import type { Context } from 'hono';

/** What this server reads of the Node request; in-process tests pass bindings with only some. */
export interface NodeIncoming {
  rawHeaders?: readonly string[];
  socket?: { remoteAddress?: string };
}

/**
 * The Node request behind a context, from @hono/node-server's bindings (`c.env.incoming`);
 * undefined for in-process requests (`app.request`, `server.fetch` in tests and the kit).
 */
export const nodeIncomingOf = (c: Context): NodeIncoming | undefined =>
  (c.env as { incoming?: NodeIncoming } | undefined)?.incoming;
