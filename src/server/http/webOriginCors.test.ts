import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { parseAuthServerConfig, seedConfig } from '../config.ts';
import { createRegistry } from '../domain/registry.ts';
import { SPA_ORIGIN as SPA } from '../testSupport/testServer.ts';
import { webOriginCors } from './webOriginCors.ts';

const registry = createRegistry(parseAuthServerConfig(seedConfig()));

function app() {
  const routes = new Hono();
  routes.use('/api', webOriginCors(registry));
  routes.post('/api', (c) => c.json({ ok: true }));
  routes.get('/api', () => {
    throw new Error('boom');
  });
  routes.onError((_error, c) => c.json({ error: 'server_error' }, 500));
  return routes;
}

describe('webOriginCors', () => {
  it('answers a registered origin with its own origin, and says the answer varies by origin', async () => {
    const response = await app().request('/api', { method: 'POST', headers: { origin: SPA } });
    expect(await response.json()).toEqual({ ok: true });
    expect(response.headers.get('access-control-allow-origin')).toBe(SPA);
    expect(response.headers.get('vary')).toBe('Origin');
    expect(response.headers.get('access-control-expose-headers')).toContain('Retry-After');
  });

  it('gives an unregistered origin no Access-Control-Allow-Origin', async () => {
    const response = await app().request('/api', {
      method: 'POST',
      headers: { origin: 'https://evil.example' },
    });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('vary')).toBe('Origin');
  });

  it('keeps its headers on an error the route throws', async () => {
    const response = await app().request('/api', { headers: { origin: SPA } });
    expect(response.status).toBe(500);
    expect(response.headers.get('access-control-allow-origin')).toBe(SPA);
  });

  it('answers a preflight itself, allowing the Auth0-Client header', async () => {
    const response = await app().request('/api', {
      method: 'OPTIONS',
      headers: { origin: SPA, 'access-control-request-method': 'POST' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(SPA);
    expect(response.headers.get('access-control-allow-methods')).toBe('GET,POST,OPTIONS');
    expect(response.headers.get('access-control-allow-headers')).toContain('Auth0-Client');
    expect(response.headers.get('access-control-max-age')).toBe('600');
  });

  it('refuses a preflight from an unregistered origin by not allowing it', async () => {
    const response = await app().request('/api', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});
