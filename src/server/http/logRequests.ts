import type { Context } from 'hono';
import { proofKeyThumbprint } from '../../dpop/proofKeyThumbprint.ts';
import type { ControlledDomain } from '../control/controlPlane.ts';
import { nodeRequestHeader } from './nodeRequestHeader.ts';

/**
 * Writes the request (not the control API's: the caller skips those) to the request log before
 * it is answered, so a hung request shows. Returns what completes the entry with the answer's
 * status and duration; JSON errors are noted on the event timeline too (authorization errors
 * are noted where they are rendered).
 */
export function openLogEntry(
  c: Context,
  domain: ControlledDomain,
): () => Promise<void> | undefined {
  // Not performance.now(): the global `performance` loads perf_hooks on first read, which a
  // command-line start would otherwise pay for before its first answer.
  const started = process.hrtime.bigint();
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
    secFetchStorageAccess: nodeRequestHeader(c, 'sec-fetch-storage-access') ?? null,
  });
  const proof = nodeRequestHeader(c, 'dpop');
  if (proof !== undefined) {
    // Unverified: says which key the caller named, whatever the endpoint made of the proof.
    entry.dpopJkt = proofKeyThumbprint(proof) ?? 'unreadable';
  }
  c.set('requestLogEntry', entry);
  return () => {
    const { status } = c.res;
    entry.status = status;
    entry.durationMs = Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10;
    if (status >= 400 && c.res.headers.get('content-type')?.startsWith('application/json')) {
      return recordJsonError(domain, path, c.res.clone());
    }
    return undefined;
  };
}

async function recordJsonError(domain: ControlledDomain, endpoint: string, response: Response) {
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
