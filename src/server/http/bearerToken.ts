import type { Context } from 'hono';

/** RFC 6750 §2.1: the Authorization header (the only method supported here). */
export const bearerToken = (c: Context): string | undefined =>
  /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i.exec(c.req.header('authorization') ?? '')?.[1];
