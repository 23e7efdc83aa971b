import { Hono } from 'hono';
import * as z from 'zod/mini';
import { changeClock, summarizeClock } from '../control/control.ts';
import type { ControlledDomain } from '../control/controlPlane.ts';
import { COOKIE_BLOCKING_MODES } from '../control/cookieBlocking.ts';
import { type FaultRuleInput, FORCEABLE_ERRORS, isControlPath } from '../control/faults.ts';
import { builtOnFirstUse, readControlBody } from '../http/readControlBody.ts';

const MAX_DELAY_MS = 10 * 60_000;

const simulationBodies = builtOnFirstUse(() => {
  const endpointPath = z.string().check(
    z.refine((path) => path === '*' || path.startsWith('/'), {
      error: 'expected an endpoint path such as /authorize, a prefix such as /u/*, or *',
    }),
    z.refine((path) => !isControlPath(path.replace(/\*$/, '')), {
      error: 'expected an endpoint outside /__control',
    }),
  );

  const times = z.nullable(
    z
      .int({ error: 'expected a whole number of requests, or null for every one' })
      .check(z.positive({ error: 'expected a positive number of requests' })),
  );

  const delayMs = z
    .int({ error: 'expected whole milliseconds' })
    .check(
      z.positive({ error: 'expected a positive number of milliseconds' }),
      z.maximum(MAX_DELAY_MS, { error: `expected at most ${MAX_DELAY_MS} ms` }),
    );

  const matching = {
    path: endpointPath,
    query: z._default(z.record(z.string(), z.string({ error: 'expected a string value' })), {}),
    times: z._default(times, 1),
  };

  const faultBody = z.discriminatedUnion(
    'type',
    [
      z.strictObject({
        type: z.literal('error'),
        error: z.enum(FORCEABLE_ERRORS, {
          error: `expected one of ${FORCEABLE_ERRORS.join(', ')}`,
        }),
        description: z.optional(z.string().check(z.minLength(1))),
        retryAfterSeconds: z.optional(
          z.int({ error: 'expected whole seconds' }).check(
            z.positive({ error: 'expected a positive number of seconds' }),
            z.maximum(MAX_DELAY_MS / 1000, {
              error: `expected at most ${MAX_DELAY_MS / 1000} s`,
            }),
          ),
        ),
        ...matching,
      }),
      z.strictObject({ type: z.literal('hang'), ...matching }),
      z.strictObject({ type: z.literal('delay'), ms: delayMs, ...matching }),
    ],
    { error: 'expected type "error", "hang" or "delay"' },
  );

  /** Latency: a delay on every matching request (or the next `times`), every endpoint by default. */
  const latencyBody = z.strictObject({
    ms: delayMs,
    path: z._default(endpointPath, '*'),
    query: matching.query,
    times: z._default(times, null),
  });

  const clockBody = z.union(
    [
      z.strictObject({ offsetSeconds: z.number() }),
      z.strictObject({
        frozenAt: z.union([
          z.pipe(
            z.iso.datetime({ offset: true }),
            z.transform((text) => Date.parse(text)),
          ),
          z.int().check(z.nonnegative()),
        ]),
      }),
      z.strictObject({ advanceSeconds: z.number() }),
      z.strictObject({ reset: z.literal(true) }),
    ],
    {
      error:
        'expected one of {offsetSeconds: n}, {frozenAt: ISO date-time or epoch ms}, {advanceSeconds: n}, {reset: true}',
    },
  );

  const cookieBlockingBody = z.strictObject({
    mode: z.enum(COOKIE_BLOCKING_MODES, {
      error: `expected one of ${COOKIE_BLOCKING_MODES.join(', ')}`,
    }),
  });
  return { faultBody, latencyBody, clockBody, cookieBlockingBody };
});

/** Faults, latency, the server's clock and simulated cookie blocking. */
export function controlSimulationRoutes(domain: ControlledDomain): Hono {
  const app = new Hono();

  app.get('/__control/faults', (c) => c.json({ faults: domain.faults.list() }));
  app.post('/__control/faults', async (c) => {
    const body = await readControlBody(c, simulationBodies().faultBody);
    if (!body.ok) return body.response;
    const { path, query, times: remaining, ...fault } = body.data;
    const rule = domain.faults.add({ path, query, remaining, fault } as FaultRuleInput);
    return c.json({ ok: true, fault: rule }, 201);
  });
  app.post('/__control/faults/clear', (c) => {
    domain.faults.clear();
    return c.json({ ok: true });
  });

  app.post('/__control/latency', async (c) => {
    const body = await readControlBody(c, simulationBodies().latencyBody);
    if (!body.ok) return body.response;
    const { ms, path, query, times: remaining } = body.data;
    const rule = domain.faults.add({ path, query, remaining, fault: { type: 'delay', ms } });
    return c.json({ ok: true, fault: rule }, 201);
  });

  app.get('/__control/clock', (c) => c.json({ clock: summarizeClock(domain) }));
  app.post('/__control/clock', async (c) => {
    const body = await readControlBody(c, simulationBodies().clockBody);
    if (!body.ok) return body.response;
    return c.json({ ok: true, clock: changeClock(domain, body.data) });
  });

  app.get('/__control/cookie-blocking', (c) => c.json({ mode: domain.cookieBlocking.mode() }));
  app.post('/__control/cookie-blocking', async (c) => {
    const body = await readControlBody(c, simulationBodies().cookieBlockingBody);
    if (!body.ok) return body.response;
    domain.cookieBlocking.set(body.data.mode);
    return c.json({ ok: true, mode: body.data.mode });
  });
  return app;
}
