/**
 * The outside benchmark, reproduced: every server started as its user starts it — ours as the
 * package's command with a JSON config giving the signing key inline — a fresh instance per
 * server and round, on the servers' core. Per instance: spawn → first discovery 200, then
 * discovery and JWKS, each a warm-up and a measured run of 20 connections from the other core,
 * with every second's figure and the server's CPU per request (its /proc schedstat).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type CommandServer, startCommandServer } from './lib/commandServer.ts';
import { LOAD_CORE, ROOT, startWorker } from './lib/processes.ts';
import { median } from './lib/stats.ts';
import type { SecondsResult } from './outsideLoadProcess.ts';
import { buildPublishedCli } from './startup.ts';
import { FLOOR } from './targets/nodeHttpFloor.ts';
import { rsaPrivateJwk } from './targets/oauth2MockServer.ts';

export interface OutsideOptions {
  rounds: number;
  warmupSeconds: number;
  durationSeconds: number;
  connections: number;
  log(line: string): void;
}

interface Command {
  name: string;
  /** What a user types (for the report). */
  shown: string;
  args(port: number): string[];
  jwksPath: string | undefined;
}

export interface InstanceFigures {
  startMs: number;
  startCpuMs: number;
  discovery: SecondsResult;
  jwks: SecondsResult | undefined;
}

export interface OutsideReport {
  options: Omit<OutsideOptions, 'log'>;
  commands: Record<string, string>;
  /** rounds[i][server] */
  rounds: Record<string, InstanceFigures>[];
}

export async function runOutside(options: OutsideOptions): Promise<OutsideReport> {
  const publishedCli = await buildPublishedCli();
  const work = mkdtempSync(join(tmpdir(), 'bench-outside-'));
  const load = await startWorker('outsideLoadProcess.ts', { core: LOAD_CORE });
  try {
    const jwk = rsaPrivateJwk('bench');
    const keyFile = join(work, 'key.json');
    const configFile = join(work, 'authserver.config.json');
    writeFileSync(keyFile, JSON.stringify(jwk));
    writeFileSync(configFile, JSON.stringify({ signingKey: { source: 'jwk', jwk } }));
    const mockServerCli = resolve(
      ROOT,
      'node_modules/oauth2-mock-server/dist/oauth2-mock-server.mjs',
    );
    const commands: Command[] = [
      {
        name: 'silent-auth-lab',
        shown: 'node build/cli.mjs --port <n> --host 127.0.0.1 --config authserver.config.json',
        args: (port) => [
          publishedCli,
          '--port',
          `${port}`,
          '--host',
          '127.0.0.1',
          '--config',
          configFile,
        ],
        jwksPath: '/.well-known/jwks.json',
      },
      {
        name: 'oauth2-mock-server',
        shown: 'oauth2-mock-server -a 127.0.0.1 -p <n> --jwk key.json',
        args: (port) => [mockServerCli, '-a', '127.0.0.1', '-p', `${port}`, '--jwk', keyFile],
        jwksPath: '/jwks',
      },
      {
        name: 'oidc-provider',
        shown: 'node bench/peers/oidcProviderCli.mjs <n> key.json  (it has no CLI)',
        args: (port) => [resolve(ROOT, 'bench/peers/oidcProviderCli.mjs'), `${port}`, keyFile],
        jwksPath: '/jwks',
      },
      {
        name: FLOOR,
        shown: 'node bench/peers/nodeHttpFloor.mjs <n>  (one fixed document: discovery only)',
        args: (port) => [resolve(ROOT, 'bench/peers/nodeHttpFloor.mjs'), `${port}`],
        jwksPath: undefined,
      },
    ];
    const run = (server: CommandServer, path: string, seconds: number) =>
      load.request<SecondsResult>(
        'load',
        {
          url: `${server.url}${path}`,
          connections: options.connections,
          seconds,
          pid: server.child.pid ?? 0,
        },
        (seconds + 30) * 1000,
      );
    // One untimed start each: the file cache warm for every command alike.
    for (const command of commands)
      await (await startCommandServer(command.name, command.args)).stop();

    const rounds: OutsideReport['rounds'] = [];
    for (let round = 0; round < options.rounds; round++) {
      const figures: Record<string, InstanceFigures> = {};
      // Each round starts with another server: none always runs first or last.
      const order = commands.map((_, i) => commands[(i + round) % commands.length] as Command);
      for (const command of order) {
        const server = await startCommandServer(command.name, command.args);
        try {
          await run(server, '/.well-known/openid-configuration', options.warmupSeconds);
          const discovery = await run(
            server,
            '/.well-known/openid-configuration',
            options.durationSeconds,
          );
          let jwks: SecondsResult | undefined;
          if (command.jwksPath) {
            await run(server, command.jwksPath, options.warmupSeconds);
            jwks = await run(server, command.jwksPath, options.durationSeconds);
          }
          figures[command.name] = {
            startMs: server.startMs,
            startCpuMs: server.startCpuMs,
            discovery,
            jwks,
          };
          const describe = (r: SecondsResult) =>
            `${Math.round(median(r.perSecond))} req/s (seconds ${Math.min(...r.perSecond)}–${Math.max(...r.perSecond)}), ${r.cpuMicrosPerRequest.toFixed(1)} µs CPU/req${r.non2xx + r.errors > 0 ? `, non-2xx ${r.non2xx}, errors ${r.errors}` : ''}`;
          options.log(
            `  round ${round + 1} ${command.name.padEnd(18)} start ${server.startMs.toFixed(0)} ms (${server.startCpuMs.toFixed(0)} ms CPU); discovery ${describe(discovery)}${jwks ? `; JWKS ${describe(jwks)}` : ''}`,
          );
        } finally {
          await server.stop();
        }
      }
      rounds.push(figures);
    }
    return {
      options: {
        rounds: options.rounds,
        warmupSeconds: options.warmupSeconds,
        durationSeconds: options.durationSeconds,
        connections: options.connections,
      },
      commands: Object.fromEntries(commands.map((c) => [c.name, c.shown])),
      rounds,
    };
  } finally {
    await load.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
