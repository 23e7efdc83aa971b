import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { OAuthError } from '../domain/oauthError.ts';
import { createTestDomain, SPA_ORIGIN } from '../testSupport/testServer.ts';
import { backChannelEndpoint } from './backChannelEndpoint.ts';

const domain = createTestDomain();

/** An endpoint whose answer the test picks with `?answer=`. */
function app(cors: boolean) {
  const routes = new Hono();
  backChannelEndpoint(routes, domain, { path: '/x', name: 'The x endpoint', cors }, (request) => {
    const answer = request.params.values.answer;
    if (answer === 'empty') return undefined;
    if (answer === 'refused') {
      throw new OAuthError('invalid_client', 'No', {
        status: 401,
        wwwAuthenticate: 'Basic realm="x"',
        headers: { 'Retry-After': '3' },
      });
    }
    if (answer === 'bug') throw new Error('boom');
    return { said: answer, authorization: request.authorization, origin: request.origin };
  });
  routes.onError((_error, c) => c.json({ error: 'server_error' }, 500));
  return routes;
}

const post = (answer: string, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  body: `answer=${answer}`,
});

describe('backChannelEndpoint', () => {
  it('answers JSON that is never cached, with what the request said', async () => {
    const response = await app(false).request(
      '/x',
      post('hi', { authorization: 'Basic abc', origin: SPA_ORIGIN }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('pragma')).toBe('no-cache');
    expect(await response.json()).toEqual({
      said: 'hi',
      authorization: 'Basic abc',
      origin: SPA_ORIGIN,
    });
  });

  it('sends no CORS headers from an endpoint without CORS', async () => {
    const response = await app(false).request('/x', post('hi', { origin: SPA_ORIGIN }));
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('vary')).toBeNull();
  });

  it('answers an empty 200 when the handler returns nothing', async () => {
    const response = await app(true).request('/x', post('empty', { origin: SPA_ORIGIN }));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('access-control-allow-origin')).toBe(SPA_ORIGIN);
  });

  it('renders an OAuth error with its status, challenge, own headers and the CORS headers', async () => {
    const response = await app(true).request('/x', post('refused', { origin: SPA_ORIGIN }));
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 'invalid_client', error_description: 'No' });
    expect(response.headers.get('www-authenticate')).toBe('Basic realm="x"');
    expect(response.headers.get('retry-after')).toBe('3');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('access-control-allow-origin')).toBe(SPA_ORIGIN);
    expect(response.headers.get('vary')).toBe('Origin');
  });

  it('leaves an unexpected error to the server, which still answers with the CORS headers', async () => {
    const response = await app(true).request('/x', post('bug', { origin: SPA_ORIGIN }));
    expect(response.status).toBe(500);
    expect(response.headers.get('access-control-allow-origin')).toBe(SPA_ORIGIN);
  });

  it('never allows an unregistered origin', async () => {
    const response = await app(true).request('/x', post('hi', { origin: 'https://evil.example' }));
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('vary')).toBe('Origin');
  });

  it('answers another method with 405, readable by a registered origin', async () => {
    const response = await app(true).request('/x', { headers: { origin: SPA_ORIGIN } });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST, OPTIONS');
    expect(response.headers.get('access-control-allow-origin')).toBe(SPA_ORIGIN);
  });

  it('answers the preflight of a CORS endpoint only', async () => {
    const preflight = { method: 'OPTIONS', headers: { origin: SPA_ORIGIN } };
    const allowed = await app(true).request('/x', preflight);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(SPA_ORIGIN);
    expect((await app(false).request('/x', preflight)).status).toBe(405);
  });
});
