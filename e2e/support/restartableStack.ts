import type { StackPorts } from '../../scripts/startStack.ts';
import type { RuntimeSettings } from '../../src/auth/clientSettings.ts';
import { apiAudienceFor, originOf } from '../../src/protocol/defaults.ts';
import { seedConfig } from '../../src/server/config.ts';
import { createAuthServer } from '../../src/server/createAuthServer.ts';
import { generateSigningKey } from '../../src/server/domain/signingKey.ts';
import { listenAuthServer, type RunningAuthServer } from '../../src/server/listen.ts';
import { createMemoryStore } from '../../src/server/store/memoryStore.ts';
import type { Store } from '../../src/server/store/store.ts';
import { type ControlClient, createControlClient } from '../../src/testing/controlClient.ts';
import { listenApiAndSpa, stackPortsFor } from './stack.ts';

/**
 * A fault spec's own stack sits in its worker's block of ports (e2e/support/stack.ts), 5 above
 * the worker's suite stack, so it never meets a stack of this or another worker.
 */
export function restartablePortsFor(parallelIndex: number): StackPorts {
  const ports = stackPortsFor(parallelIndex);
  return { auth: ports.auth + 5, api: ports.api + 5, spa: ports.spa + 5 };
}

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
 * and start again — the worker's own stack (the kit's fixture) lives as long as the worker.
 * Loopback only. `spaSettings` are laid over the SPA's runtime settings (e.g. a short silent
 * timeout).
 */
export async function startRestartableStack(
  ports: StackPorts,
  spaSettings: Partial<RuntimeSettings> = {},
): Promise<RestartableStack> {
  const auth = originOf(ports.auth);
  const api = originOf(ports.api);
  const spa = originOf(ports.spa);
  const config = seedConfig({
    port: ports.auth,
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
      port: ports.auth,
    });
  };
  const stopAuthServer = async () => {
    const running = authServer;
    authServer = null;
    await running?.close();
  };

  let apiAndSpa: { close(): Promise<void> } | undefined;
  const close = async () => {
    await Promise.all([stopAuthServer(), apiAndSpa?.close()]);
  };
  try {
    await startAuthServer({ keepSessions: true });
    apiAndSpa = await listenApiAndSpa(ports, spaSettings);
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
