import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';

/** What the SPA reads from window.__SILENT_AUTH_LAB__ (see src/auth settings). */
export interface SpaRuntimeConfig {
  authority: string;
  clientId: string;
  audience: string;
  scope: string;
  apiUrl: string;
}

export const renderConfigScript = (config: SpaRuntimeConfig) =>
  `window.__SILENT_AUTH_LAB__ = ${JSON.stringify(config, null, 2).replace(/</g, '\\u003c')};\n`;

/** Serves the built SPA with its runtime config and an index.html fallback for client routes. */
export function createSpaServer(options: { root: string; config: SpaRuntimeConfig }): Hono {
  const app = new Hono();
  const indexHtml = readFile(resolve(options.root, 'index.html'), 'utf8');

  app.get('/config.js', (c) => {
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    c.header('Cache-Control', 'no-store');
    return c.body(renderConfigScript(options.config));
  });
  app.use('/*', serveStatic({ root: options.root }));
  app.get('*', async (c) => {
    const accept = c.req.header('Accept') ?? '';
    if (!accept.includes('text/html')) return c.text('Not found', 404);
    c.header('Cache-Control', 'no-store');
    return c.html(await indexHtml);
  });
  return app;
}
