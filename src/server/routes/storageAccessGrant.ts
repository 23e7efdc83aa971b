import { Hono } from 'hono';
import { STORAGE_ACCESS_GRANT_PATH } from '../../protocol/oauth.ts';
import type { Domain } from '../domain/domain.ts';
import { errorPage } from '../http/pages/errorPage.ts';
import {
  STORAGE_ACCESS_SCRIPT_HASH,
  STORAGE_ACCESS_STYLE_HASH,
  storageAccessGrantPage,
} from '../http/pages/storageAccessGrantPage.ts';
import { setNoStore, setPageHeaders } from '../http/securityHeaders.ts';

/**
 * The page a person uses to grant this server storage access under the app's site: framed
 * visibly by a registered web origin (and no other page: frame-ancestors), one button, the
 * outcome posted to that origin only.
 */
export function storageAccessGrantRoutes(domain: Domain): Hono {
  const app = new Hono();
  app.get(STORAGE_ACCESS_GRANT_PATH, (c) => {
    const origin = c.req.query('origin');
    if (!origin || !domain.registry.isWebOrigin(origin)) {
      setPageHeaders(c);
      return c.html(errorPage('invalid_request', 'origin must be a registered web origin'), 400);
    }
    setNoStore(c);
    c.header(
      'Content-Security-Policy',
      `default-src 'none'; script-src '${STORAGE_ACCESS_SCRIPT_HASH}'; style-src '${STORAGE_ACCESS_STYLE_HASH}'; base-uri 'none'; form-action 'none'; frame-ancestors ${origin}`,
    );
    return c.html(storageAccessGrantPage(origin));
  });
  return app;
}
