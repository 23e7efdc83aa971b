import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import { dpopChallenge } from '../dpop/checkTokenPresentation.ts';
import { DpopNonces } from '../dpop/dpopNonces.ts';
import { DpopReplayCache } from '../dpop/dpopReplayCache.ts';
import {
  type ApiDpopState,
  checkDpopPresentation,
  DpopNonceNeeded,
} from './checkDpopPresentation.ts';
import {
  BearerError,
  readAccessToken,
  requireScope,
  type VerifiedAccessToken,
  verifyAccessToken,
} from './verifyAccessToken.ts';

export interface DemoApiOptions {
  issuers: string[];
  audience: string;
  /** Where the authorization server publishes its keys, e.g. http://localhost:4400/.well-known/jwks.json */
  jwksUrl?: string;
  /** Instead of jwksUrl (tests): resolve the verification key directly. */
  getKey?: JWTVerifyGetKey;
  /** Browser origins allowed to call the API (the SPA). */
  allowedOrigins: string[];
  /** DPoP proofs (RFC 9449 §7): require the API's own nonce (§9); how old a proof may be. */
  dpop?: { requireNonce?: boolean; proofMaxAgeSeconds?: number; replayCacheEntries?: number };
  /** The API's clock (epoch ms) for proof `iat` and nonces; the real one by default. */
  now?: () => number;
}

const NONCE_ROTATION_SECONDS = 300;

const REALM = 'demo-api';

const ORDERS = [
  { id: 'ord_1001', item: 'Looking-glass', total: 42.5 },
  { id: 'ord_1002', item: 'Pocket watch', total: 19.99 },
];

type Env = { Variables: { token: VerifiedAccessToken } };

/** The demo resource server: what the SPA calls with its access token. */
export function createDemoApi(options: DemoApiOptions): Hono<Env> {
  const getKey = options.getKey ?? remoteKeys(options.jwksUrl);
  const policy = { issuers: options.issuers, audience: options.audience, getKey };
  const now = options.now ?? Date.now;
  const dpop: ApiDpopState = {
    replay: new DpopReplayCache(options.dpop?.replayCacheEntries ?? 10_000),
    nonces: new DpopNonces(now, NONCE_ROTATION_SECONDS),
    requireNonce: options.dpop?.requireNonce ?? false,
    maxAgeSeconds: options.dpop?.proofMaxAgeSeconds ?? 60,
  };
  const app = new Hono<Env>();

  app.use(
    '/api/*',
    cors({
      origin: (origin) => (options.allowedOrigins.includes(origin) ? origin : null),
      allowHeaders: ['Authorization', 'Content-Type', 'DPoP'],
      exposeHeaders: ['WWW-Authenticate', 'DPoP-Nonce'],
      maxAge: 600,
    }),
  );

  app.use('/api/*', async (c, next) => {
    const presented = readAccessToken(c.req.header('Authorization'));
    let token: VerifiedAccessToken;
    try {
      token = await verifyAccessToken(presented.token, policy);
    } catch (error) {
      if (error instanceof BearerError) error.scheme = presented.scheme;
      throw error;
    }
    const url = c.req.url.replace(/[?#].*$/, '');
    checkDpopPresentation(
      presented,
      token,
      { method: c.req.method, url, proof: c.req.header('DPoP'), now: now() },
      dpop,
    );
    c.set('token', token);
    try {
      await next();
    } catch (error) {
      if (error instanceof BearerError) error.scheme = presented.scheme;
      throw error;
    }
    if (dpop.requireNonce) c.header('DPoP-Nonce', dpop.nonces.current());
  });

  app.get('/api/profile', (c) => {
    const token = c.get('token');
    requireScope(token, 'read:profile');
    return c.json({
      sub: token.payload.sub,
      scope: [...token.scopes].join(' '),
      client_id: token.payload.client_id ?? token.payload.azp ?? null,
      expires_at: token.payload.exp,
    });
  });

  app.get('/api/orders', (c) => {
    requireScope(c.get('token'), 'read:orders');
    return c.json({ sub: c.get('token').payload.sub, orders: ORDERS });
  });

  app.get('/', (c) =>
    c.json({ name: 'Silent Auth Lab demo API', endpoints: ['/api/profile', '/api/orders'] }),
  );

  app.notFound((c) => c.json({ error: 'not_found', error_description: 'No such endpoint.' }, 404));

  app.onError((error, c) => {
    if (error instanceof BearerError) {
      c.header('WWW-Authenticate', challengeFor(error));
      if (error instanceof DpopNonceNeeded) c.header('DPoP-Nonce', error.nonce);
      return c.json(
        { error: error.code ?? 'unauthorized', error_description: error.message },
        error.status,
      );
    }
    return c.json({ error: 'server_error', error_description: 'The API failed.' }, 500);
  });

  return app;
}

/** The challenge in the scheme the token came with: DPoP's names the proof algorithms (RFC 9449 §7.1). */
function challengeFor(error: BearerError): string {
  if (error.scheme === 'Bearer') return bearerChallenge(error);
  const challenge = dpopChallenge(error.code, error.code ? error.message : undefined, REALM);
  return error.requiredScope ? `${challenge}, scope="${error.requiredScope}"` : challenge;
}

/** RFC 6750 §3: the challenge names the error, its description and (for 403) the needed scope. */
export function bearerChallenge(error: BearerError): string {
  const params = [`realm="${REALM}"`];
  if (error.code) params.push(`error="${error.code}"`);
  if (error.code) params.push(`error_description="${error.message.replace(/["\\]/g, '')}"`);
  if (error.requiredScope) params.push(`scope="${error.requiredScope}"`);
  return `Bearer ${params.join(', ')}`;
}

function remoteKeys(jwksUrl: string | undefined): JWTVerifyGetKey {
  if (!jwksUrl) throw new Error('createDemoApi needs jwksUrl or getKey.');
  return createRemoteJWKSet(new URL(jwksUrl), { cooldownDuration: 1_000, timeoutDuration: 3_000 });
}
