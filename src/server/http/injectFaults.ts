import type { Context, Next } from 'hono';
import { FEDCM_ASSERTION_PATH, FEDCM_DISCONNECT_PATH } from '../../protocol/fedcm.ts';
import type { ControlledDomain } from '../control/controlPlane.ts';
import { type Fault, type FaultDecision, forcedOAuthError } from '../control/faults.ts';
import type { OAuthError } from '../domain/oauthError.ts';
import { renderFedCmError, setFedCmCors } from './fedCmAnswers.ts';
import { errorPage } from './pages/errorPage.ts';
import { renderOAuthErrorJson } from './renderOAuthError.ts';
import { annotateLogEntry } from './requestContext.ts';
import { setPageHeaders } from './securityHeaders.ts';
import { webOriginCors } from './webOriginCors.ts';

/** Endpoints that render an authorization response: the route answers the forced error itself. */
const AUTHORIZATION_ENDPOINTS = new Set(['/authorize']);

/** The server's HTML pages: a forced error there is an error page, not JSON. */
const PAGE_PREFIXES = [
  '/u/',
  '/authorize/',
  '/v2/logout',
  '/oidc/logout',
  '/activate',
  '/dashboard',
];
const PAGE_PATHS = new Set(['/cookie-probe', '/cookie-probe/check', '/login']);

/** FedCM's credentialed POSTs: a forced error is in FedCM's shape, readable by the caller. */
const FEDCM_RELYING_PARTY_PATHS = new Set([FEDCM_ASSERTION_PATH, FEDCM_DISCONNECT_PATH]);

type ErrorShape = 'authorization' | 'page' | 'json' | 'fedcm';

export function errorShapeOf(path: string): ErrorShape {
  if (AUTHORIZATION_ENDPOINTS.has(path)) return 'authorization';
  if (FEDCM_RELYING_PARTY_PATHS.has(path)) return 'fedcm';
  if (PAGE_PATHS.has(path) || PAGE_PREFIXES.some((prefix) => path.startsWith(prefix))) {
    return 'page';
  }
  return 'json';
}

const describeFault = (fault: Fault, delayMs: number): string =>
  [
    delayMs > 0 ? `delay ${delayMs}ms` : undefined,
    fault.type === 'error' ? `error ${fault.error}` : fault.type === 'hang' ? 'hang' : undefined,
  ]
    .filter(Boolean)
    .join(', ');

/** A held request whose server is closing: its socket is going away too, so the answer is moot. */
const closing = (c: Context) =>
  c.json({ error: 'temporarily_unavailable', error_description: 'The server is closing' }, 503);

/**
 * The control API's faults: delays, hangs and forced errors, each rendered in its endpoint's
 * shape (authorization response in the requested mode, HTML page, or JSON with the endpoint's
 * CORS headers so a browser app can read it). Preflights pass untouched and count for nothing.
 * The fault's answer, when it gives one instead of the route's, is set on the context.
 */
export function withFaults(c: Context, domain: ControlledDomain, next: Next): Promise<void> {
  if (c.req.method === 'OPTIONS') return next();
  const decision = domain.faults.take(c.req.path, (name) => c.req.query(name));
  if (!decision) return next();
  return applyFault(c, domain, decision, next).then((response) => {
    if (response && !c.finalized) c.res = response;
  });
}

async function applyFault(
  c: Context,
  domain: ControlledDomain,
  { delayMs, outcome }: FaultDecision,
  next: Next,
): Promise<Response | undefined> {
  const endpoint = c.req.path;
  annotateLogEntry(c, { fault: describeFault(outcome ?? { type: 'delay', ms: 0 }, delayMs) });
  if (delayMs > 0) {
    domain.events.record({ type: 'fault', endpoint, fault: 'delay', ms: delayMs });
    if ((await domain.faults.hold(delayMs)) === 'closed') return closing(c);
  }
  if (!outcome) {
    await next();
    return undefined;
  }
  if (outcome.type === 'hang') {
    domain.events.record({ type: 'fault', endpoint, fault: 'hang' });
    if ((await domain.faults.hold()) === 'closed') return closing(c);
    await next();
    return undefined;
  }
  domain.events.record({ type: 'fault', endpoint, fault: 'error', error: outcome.error });
  return renderForcedError(
    c,
    domain,
    forcedOAuthError(outcome, {
      now: domain.clock.now(),
      rateLimits: domain.rateLimits.current(),
    }),
    next,
  );
}

async function renderForcedError(
  c: Context,
  domain: ControlledDomain,
  error: OAuthError,
  next: () => Promise<void>,
): Promise<Response | undefined> {
  switch (errorShapeOf(c.req.path)) {
    case 'authorization':
      c.set('forcedError', error);
      await next();
      return undefined;
    case 'page':
      setPageHeaders(c);
      for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
      return c.html(errorPage(error.error, error.description), error.status as 400);
    case 'fedcm': {
      const origin = c.req.header('origin');
      if (origin !== undefined && domain.registry.isWebOrigin(origin)) setFedCmCors(c, origin);
      return renderFedCmError(c, error);
    }
    case 'json':
      await webOriginCors(domain.registry)(c, async () => {
        c.res = renderOAuthErrorJson(c, error);
      });
      return c.res;
  }
}
