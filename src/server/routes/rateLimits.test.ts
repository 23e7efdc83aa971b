import { describe, expect, it } from 'vitest';
import { NATIVE_CLIENT_ID } from '../../protocol/defaults.ts';
import {
  AUTH,
  createTestServer,
  postForm,
  refreshWith,
  SPA_ORIGIN,
  signInNative,
} from '../testSupport/testServer.ts';

const setLimits = (server: ReturnType<typeof createTestServer>['server'], body: unknown) =>
  server.app.request(`${AUTH}/__control/rate-limits`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('rate limits on /oauth/token', () => {
  it('limits one refresh token from one IP: 429, Retry-After, JSON error; then recovers', async () => {
    const { server, clock } = createTestServer();
    const token = (await signInNative(server)).refresh_token ?? '';
    const response = await setLimits(server, { refreshToken: { limit: 2, windowSeconds: 60 } });
    expect(await response.json()).toMatchObject({
      ok: true,
      rateLimits: { refreshToken: { limit: 2, windowSeconds: 60 }, client: null },
    });
    const ip = '203.0.113.7';
    // Line the window up so the wait is predictable.
    clock.set(Math.ceil(clock.now() / 60_000) * 60_000);
    expect((await refreshWith(server, token, {}, { ip })).status).toBe(200);
    expect((await refreshWith(server, token, {}, { ip })).status).toBe(200);
    clock.advance(15_000);
    const limited = await refreshWith(server, token, {}, { ip });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('45');
    expect(limited.headers.get('x-ratelimit-limit')).toBe('2');
    expect(limited.headers.get('content-type')).toMatch(/application\/json/);
    const body = await limited.json();
    expect(body.error).toBe('too_many_requests');
    expect(body.error_description).toContain('refresh token');
    // Another address is counted apart.
    expect((await refreshWith(server, token, {}, { ip: '203.0.113.8' })).status).toBe(200);
    clock.advance(45_000);
    expect((await refreshWith(server, token, {}, { ip })).status).toBe(200);
  });

  it('counts refused requests too, and lets a registered web origin read Retry-After', async () => {
    const { server } = createTestServer();
    const token = (await signInNative(server)).refresh_token ?? '';
    await setLimits(server, { refreshToken: { limit: 2, windowSeconds: 60 } });
    // A page holding a stolen native token: every refresh from a browser origin is refused,
    // and the refusals still spend the token's budget.
    const fromBrowser = { headers: { origin: SPA_ORIGIN }, ip: '203.0.113.9' };
    for (let i = 0; i < 2; i += 1) {
      const refused = await refreshWith(server, token, {}, fromBrowser);
      expect(refused.status).toBe(400);
      expect((await refused.json()).error).toBe('unauthorized_client');
    }
    const limited = await refreshWith(server, token, {}, fromBrowser);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('access-control-allow-origin')).toBe(SPA_ORIGIN);
    expect(limited.headers.get('access-control-expose-headers')).toContain('Retry-After');
  });

  it('limits per client when configured', async () => {
    const { server } = createTestServer((config) => ({
      ...config,
      rateLimits: { client: { limit: 1, windowSeconds: 10 } },
    }));
    const token = (await signInNative(server)).refresh_token ?? '';
    // The code exchange in signInNative already used the one request of this window.
    const limited = await refreshWith(server, token);
    expect(limited.status).toBe(429);
    expect((await limited.json()).error_description).toContain(NATIVE_CLIENT_ID);
  });

  it('never counts an unauthenticated request against a client', async () => {
    const { server } = createTestServer((config) => ({
      ...config,
      rateLimits: { client: { limit: 1, windowSeconds: 10 } },
    }));
    for (let i = 0; i < 3; i += 1) {
      const response = await postForm(server, '/oauth/token', {
        grant_type: 'client_credentials',
        client_id: 'silent-auth-lab-m2m',
        client_secret: 'wrong',
      });
      expect(response.status).toBe(401);
    }
  });

  it('resets to the configured limits with /__control/reset', async () => {
    const { server } = createTestServer();
    await setLimits(server, { refreshToken: null });
    expect(server.control.setRateLimits({}).refreshToken).toBeNull();
    await server.app.request(`${AUTH}/__control/reset`, { method: 'POST' });
    expect(server.control.setRateLimits({}).refreshToken).toEqual({ limit: 30, windowSeconds: 60 });
  });

  it('refuses malformed limits', async () => {
    const { server } = createTestServer();
    const response = await setLimits(server, { refreshToken: { limit: 0, windowSeconds: 60 } });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toBe('invalid_request');
  });
});
