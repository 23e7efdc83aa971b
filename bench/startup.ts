/**
 * Start-up: from the command line to the first discovery 200, and in-process construct + listen,
 * ours against the peers, interleaved run by run, medians. Processes run on the servers' core.
 * Ours is the command a user of the package runs: its `bin`, built here first.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startCommandServer } from './lib/commandServer.ts';
import { ROOT, SERVER_CORE, startWorker } from './lib/processes.ts';
import { median } from './lib/stats.ts';
import { FLOOR } from './targets/nodeHttpFloor.ts';
import { rsaPrivateJwk } from './targets/oauth2MockServer.ts';

export interface StartupOptions {
  /** Command-line starts per command. */
  cliRuns: number;
  /** In-process starts per server (the first, cold one is reported apart). */
  inProcessRuns: number;
  log(line: string): void;
}

interface CliCommand {
  name: string;
  /** What a user types (for the report). */
  shown: string;
  args(port: number): string[];
}

export interface StartupReport {
  cli: Record<string, { shown: string; medianMs: number; runsMs: number[] }>;
  inProcess: Record<
    string,
    {
      importMs: number;
      coldStartMs: number;
      medianStartMs: number;
      medianFirstDiscoveryMs: number;
      startsMs: number[];
    }
  >;
}

/** Spawns the command; ms from spawn to its first discovery 200. */
async function timeToFirstDiscovery(command: CliCommand): Promise<number> {
  const server = await startCommandServer(command.name, command.args);
  await server.stop();
  return server.startMs;
}

/** Builds the package's `bin` from the current sources (only it: build/'s kit is left alone). */
export async function buildPublishedCli(): Promise<string> {
  const { build } = await import('vite');
  await build({
    configFile: resolve(ROOT, 'vite.server.config.ts'),
    build: { emptyOutDir: false },
    logLevel: 'error',
  });
  const { bin } = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as {
    bin: Record<string, string>;
  };
  const cli = bin['silent-auth-lab'];
  if (!cli) throw new Error('package.json has no silent-auth-lab bin');
  return resolve(ROOT, cli);
}

export async function runStartup(options: StartupOptions): Promise<StartupReport> {
  const publishedCli = await buildPublishedCli();
  const work = mkdtempSync(join(tmpdir(), 'bench-startup-'));
  try {
    const keyFile = join(work, 'key.json');
    writeFileSync(keyFile, JSON.stringify(rsaPrivateJwk('bench')));
    const mockServerCli = resolve(
      ROOT,
      'node_modules/oauth2-mock-server/dist/oauth2-mock-server.mjs',
    );
    const commands: CliCommand[] = [
      {
        name: 'silent-auth-lab',
        shown:
          "silent-auth-lab --port <n>  (the package's bin, build/cli.mjs: the bundle with its code cache; key from .data/)",
        args: (port) => [publishedCli, '--port', String(port), '--host', '127.0.0.1'],
      },
      {
        name: 'silent-auth-lab (sources through tsx)',
        shown:
          'npm run server -- --port <n>  (node --import tsx src/server/cli.ts, from a checkout)',
        args: (port) => [
          '--import',
          'tsx',
          'src/server/cli.ts',
          '--port',
          String(port),
          '--host',
          '127.0.0.1',
        ],
      },
      {
        name: 'oauth2-mock-server',
        shown: 'oauth2-mock-server -p <n>  (generates its key at start)',
        args: (port) => [mockServerCli, '-a', '127.0.0.1', '-p', String(port)],
      },
      {
        name: 'oauth2-mock-server --jwk',
        shown: 'oauth2-mock-server -p <n> --jwk key.json  (saved key)',
        args: (port) => [mockServerCli, '-a', '127.0.0.1', '-p', String(port), '--jwk', keyFile],
      },
      {
        name: 'oidc-provider',
        shown: 'node bench/peers/oidcProviderCli.mjs <n> key.json  (it has no CLI; saved key)',
        args: (port) => [resolve(ROOT, 'bench/peers/oidcProviderCli.mjs'), String(port), keyFile],
      },
      {
        name: FLOOR,
        shown:
          'node bench/peers/nodeHttpFloor.mjs <n>  (node:http answering one fixed document: not a peer)',
        args: (port) => [resolve(ROOT, 'bench/peers/nodeHttpFloor.mjs'), String(port)],
      },
    ];
    // One untimed start each: creates .data/signing-keys.json if missing, warms the file cache.
    for (const command of commands) await timeToFirstDiscovery(command);
    const cliRuns: Record<string, number[]> = {};
    for (let run = 0; run < options.cliRuns; run++) {
      for (const command of commands) {
        const elapsed = await timeToFirstDiscovery(command);
        cliRuns[command.name] = [...(cliRuns[command.name] ?? []), elapsed];
      }
    }
    const cli: StartupReport['cli'] = {};
    for (const command of commands) {
      const runsMs = cliRuns[command.name] ?? [];
      cli[command.name] = { shown: command.shown, medianMs: median(runsMs), runsMs };
      options.log(
        `  CLI → discovery 200  ${command.name.padEnd(26)} median ${median(runsMs).toFixed(0)} ms`,
      );
    }

    const inProcess: StartupReport['inProcess'] = {};
    for (const name of ['silent-auth-lab', 'oauth2-mock-server', 'oidc-provider']) {
      const worker = await startWorker('inProcessStartProcess.ts', {
        core: SERVER_CORE,
        args: [name],
      });
      try {
        const { importMs, samples } = await worker.request<{
          importMs: number;
          samples: { startMs: number; firstDiscoveryMs: number }[];
        }>('measure', { times: options.inProcessRuns });
        const warm = samples.slice(1);
        inProcess[name] = {
          importMs,
          coldStartMs: samples[0]?.startMs ?? Number.NaN,
          medianStartMs: median(warm.map((s) => s.startMs)),
          medianFirstDiscoveryMs: median(warm.map((s) => s.firstDiscoveryMs)),
          startsMs: samples.map((s) => s.startMs),
        };
        options.log(
          `  in-process start     ${name.padEnd(26)} median ${median(warm.map((s) => s.startMs)).toFixed(2)} ms (cold ${samples[0]?.startMs.toFixed(1)} ms, imports ${importMs.toFixed(0)} ms)`,
        );
      } finally {
        await worker.stop();
      }
    }
    return { cli, inProcess };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
