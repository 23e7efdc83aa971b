/**
 * The e2e suite's `test` and `expect`: the test kit's Playwright fixture (a server per worker,
 * reset before each test, its timeline and request log on a failing test's report), with the
 * rest of the stack beside each worker's server: the demo API and the built SPA.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { listen } from '../../scripts/listen.ts';
import { createSpaServer, type SpaRuntimeConfig } from '../../scripts/spaServer.ts';
import {
  BUILT_SPA,
  createStackApi,
  type StackPorts,
  spaConfigFor,
} from '../../scripts/startStack.ts';
import type { RuntimeSettings } from '../../src/auth/clientSettings.ts';
import {
  apiAudienceFor,
  originOf,
  SEEDED_USERS,
  SPA_CLIENT_ID,
} from '../../src/protocol/defaults.ts';
import { test as kitTest } from '../../src/testing/playwright.ts';
import { createNativeDemos, type NativeDemos } from './nativeDemo.ts';

export { expect } from '../../src/testing/playwright.ts';

export const CLIENT_ID = SPA_CLIENT_ID;
const credentialsOf = ({
  email,
  password,
  name,
}: {
  email: string;
  password: string;
  name: string;
}) => ({
  email,
  password,
  name,
});
export const ALICE = credentialsOf(SEEDED_USERS.alice);
export const BOB = credentialsOf(SEEDED_USERS.bob);

const BASE_PORTS: StackPorts = { auth: 4410, api: 4411, spa: 5183 };
/** Room for a worker's three ports before the next worker's. */
const PORTS_PER_WORKER = 10;

function portOffset(): number {
  const raw = process.env.E2E_PORT_OFFSET ?? '0';
  const offset = Number(raw);
  if (!Number.isInteger(offset) || offset < 0) {
    throw new Error(`E2E_PORT_OFFSET must be a whole number of ports, got "${raw}".`);
  }
  return offset;
}

/**
 * Worker n's ports (n: Playwright's parallel index, 0 to workers - 1, which a replacement worker
 * takes over). Fixed rather than free ports so a report names the same origins every run; clear
 * of a running `npm start`; E2E_PORT_OFFSET moves them all, so two checkouts can run side by side.
 */
export function stackPortsFor(parallelIndex: number): StackPorts {
  const shift = portOffset() + PORTS_PER_WORKER * parallelIndex;
  return {
    auth: BASE_PORTS.auth + shift,
    api: BASE_PORTS.api + shift,
    spa: BASE_PORTS.spa + shift,
  };
}

/** One worker's stack, by origin. Every origin is on loopback. */
export interface Stack {
  ports: StackPorts;
  /** The authorization server, same-site with the SPA (ports do not count): silent renewal works. */
  auth: string;
  /** The same server by IP: cross-site to the SPA (its cookies stay out of frames). */
  authCrossSite: string;
  api: string;
  /** The demo API's audience. */
  audience: string;
  spa: string;
  /** The same SPA server by IP: another origin, for pages that play an attacker. */
  spaOtherOrigin: string;
}

export function stackAt(ports: StackPorts): Stack {
  return {
    ports,
    auth: originOf(ports.auth),
    authCrossSite: originOf(ports.auth, '127.0.0.1'),
    api: originOf(ports.api),
    audience: apiAudienceFor(originOf(ports.api)),
    spa: originOf(ports.spa),
    spaOtherOrigin: originOf(ports.spa, '127.0.0.1'),
  };
}

/**
 * The demo API and the built SPA of the stack on `ports`, beside its authorization server; the
 * SPA's config.js gets `spaSettings` laid over the stack's (it reads any runtime setting there).
 * One `close` for both; if the second fails to start, the first is closed.
 */
export async function listenApiAndSpa(
  ports: StackPorts,
  spaSettings: Partial<RuntimeSettings> = {},
): Promise<{ close(): Promise<void> }> {
  if (!existsSync(join(BUILT_SPA, 'index.html'))) {
    throw new Error('The SPA is not built: run `npx vite build` first (`npm run test:e2e` does).');
  }
  const change = 'E2E_PORT_OFFSET=<n>';
  const api = await listen(createStackApi(ports).fetch, {
    port: ports.api,
    what: 'demo API',
    change,
  });
  const config: SpaRuntimeConfig & Partial<RuntimeSettings> = {
    ...spaConfigFor(ports),
    ...spaSettings,
  };
  const spa = await listen(createSpaServer({ root: BUILT_SPA, config }).fetch, {
    port: ports.spa,
    what: 'SPA',
    change,
  }).catch(async (error: unknown) => {
    await api.close();
    throw error;
  });
  return {
    close: async () => {
      await Promise.all([api.close(), spa.close()]);
    },
  };
}

interface StackWorkerFixtures {
  /** This worker's ports. */
  stackPorts: StackPorts;
  /** This worker's stack: the kit's authorization server, the demo API and the built SPA. */
  stack: Stack;
}

interface StackTestFixtures {
  /** `npm run native-demo` against this worker's stack; what a test leaves running is ended. */
  nativeDemo: NativeDemos;
}

export const test = kitTest.extend<StackTestFixtures, StackWorkerFixtures>({
  stackPorts: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern.
    async ({}, use, workerInfo) => {
      await use(stackPortsFor(workerInfo.parallelIndex));
    },
    { scope: 'worker' },
  ],
  authServerOptions: [
    async ({ stackPorts }, use) => {
      const stack = stackAt(stackPorts);
      await use({ port: stackPorts.auth, spaOrigin: stack.spa, apiAudience: stack.audience });
    },
    { scope: 'worker' },
  ],
  stack: [
    async ({ authServer, stackPorts }, use) => {
      const apiAndSpa = await listenApiAndSpa(stackPorts);
      await use(stackAt({ ...stackPorts, auth: authServer.port }));
      await apiAndSpa.close();
    },
    // Auto: a spec that only talks HTTP to the stack still gets all of it.
    { scope: 'worker', auto: true, title: 'start the demo API and the SPA' },
  ],
  baseURL: async ({ stack }, use) => {
    await use(stack.spa);
  },
  nativeDemo: async ({ stack }, use) => {
    const demos = createNativeDemos(stack);
    await use(demos);
    demos.stopAll();
  },
});
