import type { Context } from 'hono';
import type { Domain } from '../domain/domain.ts';
import { annotateLogEntry } from './requestContext.ts';
import { setNoStore } from './securityHeaders.ts';

/**
 * The Storage Access headers (https://privacycg.github.io/storage-access-headers/): a framed
 * navigation of a (top-level site, us) pair the user granted storage access arrives with
 * `Sec-Fetch-Storage-Access: inactive` and no cookie; answered with
 * `Activate-Storage-Access: retry; allowed-origin="<framing origin>"`, the browser sends it again
 * with our cookies and `active`. `none`: no grant (or no API).
 */
export type StorageAccessState = 'none' | 'inactive' | 'active';

export interface FramedRequest {
  /** Sec-Fetch-Dest */
  dest: string | undefined;
  /** Sec-Fetch-Storage-Access */
  storageAccess: string | undefined;
  /** The framing page's origin, as the browser sent it. */
  origin: string | undefined;
}

export type StorageAccessRetry =
  | { retry: true; origin: string }
  | {
      retry: false;
      reason:
        | 'not_framed'
        | 'not_inactive'
        | 'no_origin'
        | 'client_without_web_origins'
        | 'origin_not_registered';
    };

export const storageAccessStateOf = (header: string | undefined): StorageAccessState | null =>
  header === 'none' || header === 'inactive' || header === 'active' ? header : null;

/**
 * Whether to ask the browser to retry a framed request with the cookies its storage access grant
 * allows: only for a frame (never a top-level request, where cookies go anyway), only when the
 * grant is there but inactive, and only for a framing origin that is one of the web origins
 * registered for this request (the client's; never `*`, which would let any page that frames us
 * ride the grant).
 */
export function decideStorageAccessRetry(
  request: FramedRequest,
  allowedOrigins: readonly string[],
): StorageAccessRetry {
  if (request.dest !== 'iframe' && request.dest !== 'frame') {
    return { retry: false, reason: 'not_framed' };
  }
  if (request.storageAccess !== 'inactive') return { retry: false, reason: 'not_inactive' };
  const { origin } = request;
  if (!origin || origin === 'null') return { retry: false, reason: 'no_origin' };
  if (allowedOrigins.length === 0) return { retry: false, reason: 'client_without_web_origins' };
  if (origin === '*' || !allowedOrigins.includes(origin)) {
    return { retry: false, reason: 'origin_not_registered' };
  }
  return { retry: true, origin };
}

/** RFC 8941 string: the origin is already one of ours, so quoting is all it needs. */
export const activateStorageAccessRetry = (origin: string) =>
  `retry; allowed-origin="${origin.replace(/["\\]/g, '')}"`;

export const framedRequestOf = (c: Context): FramedRequest => ({
  dest: c.req.header('sec-fetch-dest'),
  storageAccess: c.req.header('sec-fetch-storage-access'),
  origin: c.req.header('origin'),
});

/**
 * For a route a hidden frame loads (prompt=none, the cookie probe): answers the retry when
 * {@link decideStorageAccessRetry} allows it (401, empty body: the browser resends at once), and
 * notes on the event timeline what storage access state came in and what was answered.
 * Undefined: the route answers as usual.
 */
export function answerStorageAccess(
  c: Context,
  domain: Domain,
  endpoint: string,
  allowedOrigins: readonly string[],
): Response | undefined {
  const request = framedRequestOf(c);
  const state = storageAccessStateOf(request.storageAccess);
  if (state === null) return undefined;
  const decision = decideStorageAccessRetry(request, allowedOrigins);
  domain.events.record({
    type: 'storage_access',
    endpoint,
    state,
    ...(request.origin === undefined ? {} : { origin: request.origin }),
    answer: decision.retry ? 'retry' : 'none',
    ...(decision.retry || decision.reason === 'not_inactive' ? {} : { reason: decision.reason }),
  });
  if (!decision.retry) return undefined;
  setNoStore(c);
  const answer = activateStorageAccessRetry(decision.origin);
  c.header('Activate-Storage-Access', answer);
  // Noted here, where it is decided: reading it back from every response's headers would build
  // undici's Headers on every request (see nodeRequestListener.ts).
  annotateLogEntry(c, { activateStorageAccess: answer });
  return c.body(null, 401);
}
