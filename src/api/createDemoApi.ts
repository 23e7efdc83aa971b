import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import {
  BearerError,
  readBearerToken,
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
}

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
  const app = new Hono<Env>();

  app.use(
    '/api/*',
    cors({
      origin: (origin) => (options.allowedOrigins.includes(origin) ? origin : null),
      allowHeaders: ['Authorization', 'Content-Type'],
      exposeHeaders: ['WWW-Authenticate'],
      maxAge: 600,
    }),
  );

  app.use('/api/*', async (c, next) => {
    const token = await verifyAccessToken(readBearerToken(c.req.header('Authorization')), policy);
    c.set('token', token);
    await next();
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
      c.header('WWW-Authenticate', bearerChallenge(error));
      return c.json(
        { error: error.code ?? 'unauthorized', error_description: error.message },
        error.status,
      );
    }
    return c.json({ error: 'server_error', error_description: 'The API failed.' }, 500);
  });

  return app;
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
