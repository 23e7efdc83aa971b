import { resolve } from 'node:path';
import { type Listening, listen } from '../../scripts/listen.ts';
import { createSpaServer, type SpaRuntimeConfig } from '../../scripts/spaServer.ts';
import { createDemoApi } from '../../src/api/createDemoApi.ts';
import type { RuntimeSettings } from '../../src/auth/clientSettings.ts';
import { apiAudienceFor, issuerFor, originOf, SPA_CLIENT_ID } from '../../src/protocol/defaults.ts';
import { seedConfig } from '../../src/server/config.ts';
import { createAuthServer } from '../../src/server/createAuthServer.ts';
import { generateSigningKey } from '../../src/server/domain/signingKey.ts';
import { listenAuthServer, type RunningAuthServer } from '../../src/server/listen.ts';
import { createMemoryStore } from '../../src/server/store/memoryStore.ts';
import type { Store } from '../../src/server/store/store.ts';
import { type ControlClient, createControlClient } from '../../src/testing/controlClient.ts';
import { E2E_PORTS } from './stack.ts';

/**
 * Ports of the stacks the fault specs start for themselves: 40 above the suite's stack, so the
 * suite's E2E_PORT_OFFSET moves them too and they never meet the shared one (or the
 * screenshots' stack at +20).
 */
export const RESTARTABLE_PORTS = {
  auth: E2E_PORTS.auth + 40,
  api: E2E_PORTS.api + 40,
  spa: E2E_PORTS.spa + 40,
} as const;

export interface RestartableStack {
  auth: string;
  api: string;
  spa: string;
  /** The control API of the authorization server running now. */
  control: ControlClient;
  /** Stops the authorization server: its port refuses connections, as a crashed server's would. */
  stopAuthServer(): Promise<void>;
  /**
   * Starts it again on the same port with the same signing key (as the `.data/` key file keeps
   * it across a real restart). `keepSessions: false` is what our in-memory server really does on
   * a restart; `true` plays a server whose sessions outlive the process (a database).
   */
  startAuthServer(options: { keepSessions: boolean }): Promise<void>;
  close(): Promise<void>;
}

/**
 * The SPA (the build in dist/spa), the demo API and an authorization server that a test can stop
 * and start again — the suite's own stack (Playwright's webServer) cannot be restarted. Loopback
 * only. `spaSettings` are laid over the SPA's runtime settings (e.g. a short silent timeout).
 */
export async function startRestartableStack(
  spaSettings: Partial<RuntimeSettings> = {},
): Promise<RestartableStack> {
  const auth = originOf(RESTARTABLE_PORTS.auth);
  const api = originOf(RESTARTABLE_PORTS.api);
  const spa = originOf(RESTARTABLE_PORTS.spa);
  const config = seedConfig({
    port: RESTARTABLE_PORTS.auth,
    spaOrigin: spa,
    apiAudience: apiAudienceFor(api),
  });
  const signingKey = generateSigningKey();
  let store: Store = createMemoryStore();
  let authServer: RunningAuthServer | null = null;

  const startAuthServer = async ({ keepSessions }: { keepSessions: boolean }) => {
    if (authServer) throw new Error('The authorization server is already running');
    if (!keepSessions) store = createMemoryStore();
    authServer = await listenAuthServer(createAuthServer(config, { signingKey, store }), {
      port: RESTARTABLE_PORTS.auth,
    });
  };
  const stopAuthServer = async () => {
    const running = authServer;
    authServer = null;
    await running?.close();
  };

  const started: Listening[] = [];
  const close = async () => {
    await Promise.all([stopAuthServer(), ...started.map((server) => server.close())]);
  };
  try {
    await startAuthServer({ keepSessions: true });
    started.push(
      await listen(
        createDemoApi({
          issuers: [issuerFor(auth)],
          audience: apiAudienceFor(api),
          jwksUrl: `${auth}/.well-known/jwks.json`,
          allowedOrigins: [spa],
        }).fetch,
        { port: RESTARTABLE_PORTS.api, what: 'demo API', change: 'E2E_PORT_OFFSET' },
      ),
    );
    // The SPA reads any runtime setting from /config.js, not only the ones the stack sets.
    const spaConfig: SpaRuntimeConfig & Partial<RuntimeSettings> = {
      authority: issuerFor(auth),
      clientId: SPA_CLIENT_ID,
      audience: apiAudienceFor(api),
      scope: 'openid profile email read:profile read:orders',
      apiUrl: api,
      ...spaSettings,
    };
    started.push(
      await listen(createSpaServer({ root: resolve('dist/spa'), config: spaConfig }).fetch, {
        port: RESTARTABLE_PORTS.spa,
        what: 'SPA',
        change: 'E2E_PORT_OFFSET',
      }),
    );
  } catch (error) {
    await close();
    throw error;
  }

  return {
    auth,
    api,
    spa,
    control: createControlClient(auth),
    stopAuthServer,
    startAuthServer,
    close,
  };
}
