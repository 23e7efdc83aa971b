import { type Context, Hono } from 'hono';
import { z } from 'zod';
import {
  endSessions,
  resetState,
  revokeRefreshTokensMatching,
  setLifetimes,
  setRateLimits,
  summarizeRefreshTokens,
} from '../domain/control.ts';
import type { Domain } from '../domain/domain.ts';

const seconds = z.int({ error: 'expected a whole number of seconds' }).positive({
  error: 'expected a positive number of seconds',
});

const lifetimesBody = z.strictObject({
  accessTokenSeconds: seconds.optional(),
  idTokenSeconds: seconds.optional(),
  codeSeconds: seconds.optional(),
});

const userId = z.string().min(1, { error: 'expected a user id (sub)' });

const endSessionsBody = z.strictObject({ userId: userId.optional() });

const rateLimit = z
  .strictObject({
    limit: z.int().positive({ error: 'expected a positive number of requests' }),
    windowSeconds: seconds,
  })
  .nullable();

/** null turns a limit off; an absent one is left as it is. */
const rateLimitsBody = z.strictObject({
  refreshToken: rateLimit.optional(),
  client: rateLimit.optional(),
});

const revokeRefreshTokensBody = z.strictObject({
  id: z.string().min(1).optional(),
  userId: userId.optional(),
  clientId: z.string().min(1).optional(),
  device: z.string().min(1).optional(),
});

const refuse = (c: Context, description: string, status: 400 | 403 = 400) =>
  c.json({ error: 'invalid_request', error_description: description }, status);

/**
 * The control API is for test runners (Node, Playwright's request context), which send no
 * Origin. A browser page on another origin must not reset or end sessions behind the user's back.
 */
export const isControlRequestAllowed = (c: Context): boolean => {
  const origin = c.req.header('origin');
  return origin === undefined || origin === new URL(c.req.url).origin;
};

/** Reads an optional JSON body; `undefined` means "refused", with the reason in `error`. */
async function readJson(
  c: Context,
): Promise<{ ok: true; body: unknown } | { ok: false; error: string }> {
  const text = await c.req.text();
  if (text.trim() === '') return { ok: true, body: {} };
  const type = c.req.header('content-type') ?? '';
  if (!type.toLowerCase().startsWith('application/json')) {
    return { ok: false, error: 'expected Content-Type: application/json' };
  }
  try {
    return { ok: true, body: JSON.parse(text) };
  } catch {
    return { ok: false, error: 'the body is not valid JSON' };
  }
}

const describeIssues = (error: z.ZodError) =>
  error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`).join('; ');

export function controlRoutes(domain: Domain): Hono {
  const app = new Hono();
  app.use('/__control/*', async (c, next) => {
    if (!isControlRequestAllowed(c))
      return refuse(c, 'cross-origin control requests are refused', 403);
    c.header('Cache-Control', 'no-store');
    await next();
  });

  app.get('/__control/health', (c) => c.json({ ok: true }));

  app.post('/__control/reset', (c) => {
    resetState(domain);
    return c.json({ ok: true });
  });

  app.post('/__control/lifetimes', async (c) => {
    const json = await readJson(c);
    if (!json.ok) return refuse(c, json.error);
    const parsed = lifetimesBody.safeParse(json.body);
    if (!parsed.success) return refuse(c, describeIssues(parsed.error));
    const { accessTokenSeconds, idTokenSeconds, codeSeconds } = setLifetimes(domain, parsed.data);
    return c.json({ ok: true, lifetimes: { accessTokenSeconds, idTokenSeconds, codeSeconds } });
  });

  app.post('/__control/sessions/end', async (c) => {
    const json = await readJson(c);
    if (!json.ok) return refuse(c, json.error);
    const parsed = endSessionsBody.safeParse(json.body);
    if (!parsed.success) return refuse(c, describeIssues(parsed.error));
    return c.json({ ok: true, ended: endSessions(domain, parsed.data.userId) });
  });

  app.post('/__control/rate-limits', async (c) => {
    const json = await readJson(c);
    if (!json.ok) return refuse(c, json.error);
    const parsed = rateLimitsBody.safeParse(json.body);
    if (!parsed.success) return refuse(c, describeIssues(parsed.error));
    const overrides = Object.fromEntries(
      Object.entries(parsed.data).filter(([, value]) => value !== undefined),
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
    const json = await readJson(c);
    if (!json.ok) return refuse(c, json.error);
    const parsed = revokeRefreshTokensBody.safeParse(json.body);
    if (!parsed.success) return refuse(c, describeIssues(parsed.error));
    return c.json({ ok: true, revoked: revokeRefreshTokensMatching(domain, parsed.data) });
  });
  return app;
}
