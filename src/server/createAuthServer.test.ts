import { describe, expect, it, vi } from 'vitest';
import { AuthServerConfigError, parseAuthServerConfig, seedConfig } from './config.ts';
import { createAuthServer } from './createAuthServer.ts';
import { createTestClock } from './domain/clock.ts';
import { createMemoryStore } from './store/memoryStore.ts';
import type { Store } from './store/store.ts';
import { AUTH, authorizeUrl, CookieJar, signIn, testSigningKey } from './testSupport/testServer.ts';

describe('createAuthServer', () => {
  it('serves through fetch as well as app.request', async () => {
    const server = createAuthServer(seedConfig(), { signingKey: testSigningKey });
    const response = await server.fetch(new Request(`${AUTH}/.well-known/openid-configuration`));
    expect(response.status).toBe(200);
    expect(server.jwks().keys[0]?.kid).toBe(testSigningKey.kid);
  });

  it('takes its key from the config when given as a JWK', () => {
    const server = createAuthServer({
      ...seedConfig(),
      signingKey: { source: 'jwk', jwk: { ...testSigningKey.privateJwk } },
    });
    expect(server.signingKey.kid).toBe(testSigningKey.kid);
  });

  it('keeps a config the caller already parsed instead of parsing it again', () => {
    const config = parseAuthServerConfig(seedConfig());
    expect(createAuthServer(config, { signingKey: testSigningKey }).config).toBe(config);
  });

  it('throws a config error naming the path', () => {
    expect(() => createAuthServer({ clients: [{ clientId: '' }] })).toThrow(AuthServerConfigError);
    expect(() => createAuthServer({ clients: [{ clientId: '' }] })).toThrow(
      /clients\[0\]\.clientId/,
    );
  });

  it('answers unknown paths with a JSON 404', async () => {
    const server = createAuthServer(seedConfig(), { signingKey: testSigningKey });
    const response = await server.app.request(`${AUTH}/nope`, { method: 'DELETE' });
    expect(response.status).toBe(404);
    // RFC 6749 §5.2 registers no "not found" code.
    expect(await response.json()).toEqual({
      error: 'invalid_request',
      error_description: 'No such endpoint: DELETE /nope',
    });
  });

  it('turns an unexpected failure into server_error without details, and logs it', async () => {
    const store = createMemoryStore();
    const broken: Store = {
      ...store,
      findSessionByCookie: () => {
        throw new Error('disk on fire at /secret/path');
      },
    };
    const logger = { error: vi.fn() };
    const server = createAuthServer(seedConfig(), {
      signingKey: testSigningKey,
      store: broken,
      logger,
    });
    const response = await server.app.request(authorizeUrl(), {
      headers: { cookie: 'sal_session=x' },
    });
    expect(response.status).toBe(500);
    const body = await response.text();
    expect(JSON.parse(body)).toEqual({
      error: 'server_error',
      error_description: 'The server could not handle the request',
    });
    expect(body).not.toContain('secret');
    expect(logger.error).toHaveBeenCalledOnce();
  });

  it('purges expired sessions as time passes, so memory levels off', async () => {
    const store = createMemoryStore();
    const clock = createTestClock();
    const server = createAuthServer(
      { ...seedConfig(), lifetimes: { sessionSeconds: 60 } },
      { signingKey: testSigningKey, store, clock },
    );
    const jar = new CookieJar();
    await signIn(server, jar);
    const cookie = jar.get('sal_session') ?? '';
    expect(store.findSessionByCookie(cookie)).toBeDefined();
    clock.advance(61_000);
    await server.app.request(`${AUTH}/.well-known/jwks.json`);
    expect(store.findSessionByCookie(cookie)).toBeUndefined();
  });
});
