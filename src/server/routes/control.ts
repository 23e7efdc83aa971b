import { Hono } from 'hono';
import * as z from 'zod/mini';
import type { ClientConfig, UserConfig } from '../config.ts';
import {
  createSessionFor,
  endSessions,
  resetState,
  revokeGrants,
  revokeRefreshTokensMatching,
  setLifetimes,
  setRateLimits,
  summarizeRefreshTokens,
} from '../control/control.ts';
import type { ControlledDomain } from '../control/controlPlane.ts';
import { saveClient, saveUser, updateClient, updateUser } from '../control/tenantUpdates.ts';
import { isControlRequestAllowed, isControlTokenValid } from '../http/controlAccess.ts';
import { CROSS_SITE_SESSION_COOKIE, SESSION_COOKIE } from '../http/cookies.ts';
import { builtOnFirstUse, readControlBody, refuseControlRequest } from '../http/readControlBody.ts';
import { controlDpopRoutes } from './controlDpop.ts';
import { controlLogRoutes } from './controlLogs.ts';
import { controlSimulationRoutes } from './controlSimulation.ts';

const controlBodies = builtOnFirstUse(() => {
  const seconds = z
    .int({ error: 'expected a whole number of seconds' })
    .check(z.positive({ error: 'expected a positive number of seconds' }));

  const lifetimesBody = z.strictObject({
    accessTokenSeconds: z.optional(seconds),
    idTokenSeconds: z.optional(seconds),
    codeSeconds: z.optional(seconds),
  });

  const userId = z.optional(
    z.string().check(z.minLength(1, { error: 'expected a user id (sub)' })),
  );
  const clientId = z.optional(z.string().check(z.minLength(1, { error: 'expected a client id' })));

  const endSessionsBody = z.strictObject({ userId });

  const createSessionBody = z
    .strictObject({
      userId,
      email: z.optional(z.string().check(z.minLength(1, { error: 'expected an email address' }))),
    })
    .check(
      z.refine((body) => (body.userId === undefined) !== (body.email === undefined), {
        error: 'expected either userId or email',
      }),
    );

  const revokeGrantsBody = z.strictObject({ userId, clientId });

  const rateLimit = z.nullable(
    z.strictObject({
      limit: z.int().check(z.positive({ error: 'expected a positive number of requests' })),
      windowSeconds: seconds,
    }),
  );

  /** null turns a limit off; an absent one is left as it is. */
  const rateLimitsBody = z.strictObject({
    refreshToken: z.optional(rateLimit),
    client: z.optional(rateLimit),
  });

  const revokeRefreshTokensBody = z.strictObject({
    id: z.optional(z.string().check(z.minLength(1))),
    userId,
    clientId,
    device: z.optional(z.string().check(z.minLength(1))),
  });

  /** Users and clients are validated by the config's own schema (control/tenantUpdates.ts). */
  const jsonObject = z.record(z.string(), z.unknown(), { error: 'expected a JSON object' });
  return {
    lifetimesBody,
    endSessionsBody,
    createSessionBody,
    revokeGrantsBody,
    rateLimitsBody,
    revokeRefreshTokensBody,
    jsonObject,
  };
});

const publicUser = ({ password: _password, ...user }: UserConfig) => user;
const publicClient = ({ clientSecret: _secret, ...client }: ClientConfig) => client;

/**
 * /__control: the test API (JSON). Off with `control: false`; behind a bearer token with
 * `controlToken`; refused to web pages on other origins.
 */
export function controlRoutes(domain: ControlledDomain): Hono {
  const app = new Hono();
  app.use('/__control/*', async (c, next) => {
    if (!isControlRequestAllowed(c)) {
      return refuseControlRequest(c, 'cross-origin control requests are refused', 403);
    }
    c.header('Cache-Control', 'no-store');
    if (!isControlTokenValid(domain.config.controlToken, c.req.header('authorization'))) {
      c.header('WWW-Authenticate', 'Bearer realm="control"');
      return c.json(
        {
          error: 'invalid_token',
          error_description: 'The control API needs Authorization: Bearer <control token>',
        },
        401,
      );
    }
    await next();
  });

  app.get('/__control/health', (c) => c.json({ ok: true }));

  app.post('/__control/reset', (c) => {
    resetState(domain);
    return c.json({ ok: true });
  });

  const lifetimes = () => {
    const { accessTokenSeconds, idTokenSeconds, codeSeconds } = domain.lifetimes.current();
    return { accessTokenSeconds, idTokenSeconds, codeSeconds };
  };
  app.get('/__control/lifetimes', (c) => c.json({ lifetimes: lifetimes() }));
  app.post('/__control/lifetimes', async (c) => {
    const body = await readControlBody(c, controlBodies().lifetimesBody);
    if (!body.ok) return body.response;
    setLifetimes(domain, body.data);
    return c.json({ ok: true, lifetimes: lifetimes() });
  });

  app.post('/__control/sessions', async (c) => {
    const body = await readControlBody(c, controlBodies().createSessionBody);
    if (!body.ok) return body.response;
    const { session, maxAgeSeconds } = createSessionFor(domain, body.data);
    const cookie = {
      name: SESSION_COOKIE,
      value: session.cookie,
      path: '/',
      httpOnly: true,
      secure: false,
      sameSite: 'Lax',
      maxAgeSeconds,
      expires: Math.floor(session.expiresAt / 1000),
    };
    // Both, as the login page sets them: the second is what a cross-site frame with storage
    // access sends (SameSite=None needs Secure; browsers accept it over http on loopback).
    const crossSite = {
      ...cookie,
      name: CROSS_SITE_SESSION_COOKIE,
      secure: true,
      sameSite: 'None',
    };
    return c.json(
      {
        ok: true,
        sessionId: session.id,
        userId: session.sub,
        cookie,
        cookies: [cookie, crossSite],
      },
      201,
    );
  });

  app.post('/__control/sessions/end', async (c) => {
    const body = await readControlBody(c, controlBodies().endSessionsBody);
    if (!body.ok) return body.response;
    return c.json({ ok: true, ended: endSessions(domain, body.data.userId) });
  });

  app.post('/__control/grants/revoke', async (c) => {
    const body = await readControlBody(c, controlBodies().revokeGrantsBody);
    if (!body.ok) return body.response;
    return c.json({ ok: true, revoked: revokeGrants(domain, body.data) });
  });

  app.post('/__control/rate-limits', async (c) => {
    const body = await readControlBody(c, controlBodies().rateLimitsBody);
    if (!body.ok) return body.response;
    const overrides = Object.fromEntries(
      Object.entries(body.data).filter(([, value]) => value !== undefined),
    );
    return c.json({ ok: true, rateLimits: setRateLimits(domain, overrides) });
  });

  app.get('/__control/refresh-tokens', (c) => {
    const filter = {
      ...(c.req.query('userId') ? { userId: c.req.query('userId') } : {}),
      ...(c.req.query('clientId') ? { clientId: c.req.query('clientId') } : {}),
    };
    return c.json({ refreshTokens: summarizeRefreshTokens(domain, filter) });
  });

  app.post('/__control/refresh-tokens/revoke', async (c) => {
    const body = await readControlBody(c, controlBodies().revokeRefreshTokensBody);
    if (!body.ok) return body.response;
    return c.json({ ok: true, revoked: revokeRefreshTokensMatching(domain, body.data) });
  });

  app.post('/__control/users', async (c) => {
    const body = await readControlBody(c, controlBodies().jsonObject);
    if (!body.ok) return body.response;
    const { user, created } = saveUser(domain, body.data);
    return c.json({ ok: true, created, user: publicUser(user) }, created ? 201 : 200);
  });
  app.patch('/__control/users/:userId', async (c) => {
    const body = await readControlBody(c, controlBodies().jsonObject);
    if (!body.ok) return body.response;
    const user = updateUser(domain, c.req.param('userId'), body.data);
    return c.json({ ok: true, user: publicUser(user) });
  });

  app.post('/__control/clients', async (c) => {
    const body = await readControlBody(c, controlBodies().jsonObject);
    if (!body.ok) return body.response;
    const { client, created } = saveClient(domain, body.data);
    return c.json({ ok: true, created, client: publicClient(client) }, created ? 201 : 200);
  });
  app.patch('/__control/clients/:clientId', async (c) => {
    const body = await readControlBody(c, controlBodies().jsonObject);
    if (!body.ok) return body.response;
    const client = updateClient(domain, c.req.param('clientId'), body.data);
    return c.json({ ok: true, client: publicClient(client) });
  });

  app.route('/', controlSimulationRoutes(domain));
  app.route('/', controlLogRoutes(domain));
  app.route('/', controlDpopRoutes(domain));
  app.all('/__control/*', (c) =>
    c.json(
      {
        error: 'invalid_request',
        error_description: `No such control endpoint: ${c.req.method} ${c.req.path}`,
      },
      404,
    ),
  );
  return app;
}
