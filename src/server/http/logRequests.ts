import type { MiddlewareHandler } from 'hono';
import type { Domain } from '../domain/domain.ts';
import { isControlPath } from '../domain/faults.ts';
import { nodeRequestHeader } from './nodeRequestHeader.ts';

/**
 * Writes every request but the control API's to the request log, before it is answered (so a
 * hung request shows), and completes the entry with its status and duration. JSON errors are
 * noted on the event timeline too (authorization errors are noted where they are rendered).
 */
export const logRequests =
  (domain: Domain): MiddlewareHandler =>
  async (c, next) => {
    if (isControlPath(c.req.path)) return next();
    const started = performance.now();
    // The URL arrives normalised: its path and query are slices of the text, no parsing.
    const { url } = c.req;
    const pathStart = url.indexOf('/', url.indexOf('//') + 2);
    const queryStart = url.indexOf('?', pathStart);
    const path = url.slice(pathStart, queryStart < 0 ? undefined : queryStart);
    const entry = domain.requestLog.append({
      at: domain.clock.now(),
      method: c.req.method,
      path,
      search: queryStart < 0 ? '' : url.slice(queryStart + 1),
      status: null,
      durationMs: null,
      secFetchDest: nodeRequestHeader(c, 'sec-fetch-dest') ?? null,
      secFetchSite: nodeRequestHeader(c, 'sec-fetch-site') ?? null,
    });
    c.set('requestLogEntry', entry);
    await next();
    const { status } = c.res;
    entry.status = status;
    entry.durationMs = Math.round((performance.now() - started) * 10) / 10;
    if (status >= 400 && c.res.headers.get('content-type')?.startsWith('application/json')) {
      await recordJsonError(domain, path, c.res.clone());
    }
  };

async function recordJsonError(domain: Domain, endpoint: string, response: Response) {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return;
  }
  if (typeof body !== 'object' || body === null) return;
  const { error, error_description: description } = body as Record<string, unknown>;
  if (typeof error !== 'string') return;
  domain.events.record({
    type: 'error',
    endpoint,
    error,
    ...(typeof description === 'string' ? { description } : {}),
    status: response.status,
  });
}
