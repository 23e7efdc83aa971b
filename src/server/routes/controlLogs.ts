import { type Context, Hono } from 'hono';
import type { ControlledDomain } from '../control/controlPlane.ts';
import { refuseControlRequest } from '../http/readControlBody.ts';

/** `?after=<seq>`: only what came after an entry already seen. */
function afterSeq(c: Context): number | undefined | 'invalid' {
  const raw = c.req.query('after');
  if (raw === undefined) return undefined;
  return /^\d+$/.test(raw) ? Number(raw) : 'invalid';
}

/** The request log and the event timeline, newest last; both bounded, `dropped` says how much went. */
export function controlLogRoutes(domain: ControlledDomain): Hono {
  const app = new Hono();
  app.get('/__control/requests', (c) => {
    const after = afterSeq(c);
    if (after === 'invalid') return refuseControlRequest(c, 'after: expected a sequence number');
    return c.json({
      requests: domain.requestLog.list(after),
      dropped: domain.requestLog.dropped(),
    });
  });
  app.get('/__control/events', (c) => {
    const after = afterSeq(c);
    if (after === 'invalid') return refuseControlRequest(c, 'after: expected a sequence number');
    return c.json({ events: domain.events.list(after), dropped: domain.events.dropped() });
  });
  return app;
}
