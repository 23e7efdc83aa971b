import type { Context } from 'hono';
import type { Domain } from '../domain/domain.ts';
import { selectIssuer } from '../domain/issuer.ts';

export const issuerOf = (c: Context, domain: Domain): string =>
  selectIssuer(domain.config.issuers, c.req.url);
