import { Hono } from 'hono';
import * as z from 'zod/mini';
import type { Domain } from '../domain/domain.ts';
import { builtOnFirstUse, readControlBody } from '../http/readControlBody.ts';

const dpopBody = builtOnFirstUse(() =>
  z.strictObject({
    /** Every proof (token endpoint, /userinfo) must carry the current nonce. */
    requireNonce: z.optional(z.boolean()),
    nonceRotationSeconds: z.optional(
      z
        .int({ error: 'expected whole seconds' })
        .check(z.positive({ error: 'expected a positive number of seconds' })),
    ),
    /** A new nonce now; the previous one stays valid for one rotation period. */
    rotateNonce: z.optional(z.literal(true)),
  }),
);

/** The server's DPoP switches (per-client policy is the client's `dpop`, see /__control/clients). */
export function controlDpopRoutes(domain: Domain): Hono {
  const app = new Hono();
  const summary = () => {
    const settings = domain.dpop.current();
    return {
      ...settings,
      nonce: domain.dpop.nonces.current(),
      replayCacheSize: domain.dpop.replay.size,
    };
  };
  app.get('/__control/dpop', (c) => c.json({ dpop: summary() }));
  app.post('/__control/dpop', async (c) => {
    const body = await readControlBody(c, dpopBody());
    if (!body.ok) return body.response;
    const { rotateNonce, ...overrides } = body.data;
    domain.dpop.override(overrides);
    if (rotateNonce) domain.dpop.nonces.rotate();
    return c.json({ ok: true, dpop: summary() });
  });
  return app;
}
