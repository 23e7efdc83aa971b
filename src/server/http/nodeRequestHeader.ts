import type { Context } from 'hono';
import { nodeIncomingOf } from './nodeIncoming.ts';

/**
 * A request header as `Headers.get` gives it (case-insensitive, repeats joined with ", "), read
 * from the Node request's raw header list when there is one: on a request nothing else reads
 * headers of (discovery, JWKS), building the web `Headers` object would cost more than the
 * route. Only for headers no middleware rewrites (simulated cookie blocking rewrites `Cookie`).
 */
export function nodeRequestHeader(c: Context, name: string): string | undefined {
  const raw = nodeIncomingOf(c)?.rawHeaders;
  if (!raw) return c.req.header(name);
  let value: string | undefined;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const header = raw[i] as string;
    if (header.length !== name.length || header.toLowerCase() !== name) continue;
    value = value === undefined ? raw[i + 1] : `${value}, ${raw[i + 1]}`;
  }
  return value;
}
