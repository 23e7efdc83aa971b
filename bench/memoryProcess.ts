/**
 * Child process (run with --expose-gc), on the servers' core: our server on a loopback socket,
 * its clock a test clock the runner moves, so that sessions expire in a run of seconds. Reports
 * its own heap and RSS after a full GC.
 */
import { seedConfig } from '../src/server/config.ts';
import { createAuthServer } from '../src/server/createAuthServer.ts';
import { createTestClock } from '../src/server/domain/clock.ts';
import { generateSigningKey } from '../src/server/domain/signingKey.ts';
import { listenFetch } from '../src/server/listen.ts';
import { serveRequests } from './lib/processes.ts';

export interface MemorySample {
  signIns: number;
  rssMb: number;
  heapUsedMb: number;
}

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const mb = (bytes: number) => bytes / 1024 / 1024;

/**
 * argv[2]: session lifetime in seconds (tokens then last 10 minutes), or "default" (sessions of
 * 3 days, tokens of a day: nothing expires within the run).
 */
const sessionSeconds = process.argv[2] === 'default' ? undefined : Number(process.argv[2]);
const clock = createTestClock();
let server: ReturnType<typeof createAuthServer> | undefined;
const listening = await listenFetch(
  (request, env) => server?.fetch(request, env) ?? new Response('starting', { status: 503 }),
  { port: 0, hostname: '127.0.0.1' },
);
server = createAuthServer(
  {
    ...seedConfig({ port: listening.port }),
    ...(sessionSeconds === undefined
      ? {}
      : {
          // A used code is kept as long as its tokens live (to revoke them on a replay, RFC
          // 6749 §4.1.2): tokens of 10 minutes let that end within the run too.
          lifetimes: {
            sessionSeconds,
            accessTokenSeconds: 600,
            idTokenSeconds: 600,
            interactionSeconds: 60,
            codeSeconds: 30,
          },
        }),
  },
  { clock, signingKey: generateSigningKey(), logger: { error: () => undefined } },
);

serveRequests({
  url: () => listening.url,
  advance: ({ ms }: { ms: number }) => {
    clock.advance(ms);
    return true;
  },
  sample: ({ signIns }: { signIns: number }): MemorySample => {
    gc?.();
    const usage = process.memoryUsage();
    return { signIns, rssMb: mb(usage.rss), heapUsedMb: mb(usage.heapUsed) };
  },
});
