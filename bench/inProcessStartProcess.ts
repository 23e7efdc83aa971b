/**
 * Child process: starts one server in-process again and again (construct + listen, then the
 * first discovery answer), after its modules are loaded and with a key made beforehand.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveRequests } from './lib/processes.ts';
import { rsaPrivateJwk } from './targets/oauth2MockServer.ts';

type Start = () => Promise<{ url: string; close(): Promise<void> }>;

async function starterFor(name: string): Promise<{ importMs: number; start: Start }> {
  const before = performance.now();
  if (name === 'silent-auth-lab') {
    const { startAuthServer } = await import('../src/testing/startAuthServer.ts');
    const { generateSigningKey } = await import('../src/server/domain/signingKey.ts');
    const importMs = performance.now() - before;
    const signingKey = generateSigningKey();
    return {
      importMs,
      start: async () => {
        const started = await startAuthServer({ signingKey });
        return { url: started.url, close: started.close };
      },
    };
  }
  if (name === 'oauth2-mock-server') {
    const { OAuth2Server } = await import('oauth2-mock-server');
    const importMs = performance.now() - before;
    const jwk = rsaPrivateJwk('bench');
    return {
      importMs,
      start: async () => {
        const server = new OAuth2Server();
        await server.issuer.keys.add(jwk);
        await server.start(0, '127.0.0.1');
        return { url: `http://127.0.0.1:${server.address().port}`, close: () => server.stop() };
      },
    };
  }
  if (name === 'oidc-provider') {
    for (const method of ['warn', 'info', 'log'] as const) {
      const original = console[method].bind(console);
      console[method] = (...args: unknown[]) => {
        if (typeof args[0] === 'string' && args[0].startsWith('oidc-provider')) return;
        original(...args);
      };
    }
    const { default: Provider } = await import('oidc-provider');
    const importMs = performance.now() - before;
    const jwk = rsaPrivateJwk('bench');
    return {
      importMs,
      start: async () => {
        // Listen first (the issuer names the port), like startAuthServer does.
        const http = createServer();
        await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
        const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
        const provider = new Provider(url, {
          clients: [
            {
              client_id: 'bench-spa',
              token_endpoint_auth_method: 'none',
              redirect_uris: ['http://localhost:5173/callback'],
            },
          ],
          jwks: { keys: [jwk] },
          cookies: { keys: ['bench-cookie-key-bench-cookie-key'] },
        });
        http.on('request', provider.callback());
        return {
          url,
          close: () =>
            new Promise<void>((resolve) => {
              http.close(() => resolve());
              http.closeAllConnections();
            }),
        };
      },
    };
  }
  throw new Error(`no target ${name}`);
}

const starter = starterFor(process.argv[2] ?? '');

serveRequests({
  /** `times` starts in a row; each: ms to listening, ms to the first discovery 200. */
  measure: async ({ times }: { times: number }) => {
    const { importMs, start } = await starter;
    const samples: { startMs: number; firstDiscoveryMs: number }[] = [];
    for (let i = 0; i < times; i++) {
      const t0 = performance.now();
      const server = await start();
      const t1 = performance.now();
      const response = await fetch(`${server.url}/.well-known/openid-configuration`);
      await response.text();
      const t2 = performance.now();
      if (response.status !== 200) throw new Error(`discovery answered ${response.status}`);
      samples.push({ startMs: t1 - t0, firstDiscoveryMs: t2 - t0 });
      await server.close();
    }
    return { importMs, samples };
  },
});
