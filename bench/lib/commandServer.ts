/**
 * A server started as its user starts it: a command, pinned to the servers' core, polled until
 * its discovery document answers 200.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { commandFor, ROOT, SERVER_CORE } from './processes.ts';

/**
 * The commands' environment: ours without NODE_EXTRA_CA_CERTS. These machines set it, and Node
 * then reads the whole CA bundle at every start (~85 ms here), before any of a server's own
 * code runs; no server here makes a TLS call. The same for every command measured.
 */
export const CHILD_ENV = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => name !== 'NODE_EXTRA_CA_CERTS'),
);

export const freePort = () =>
  new Promise<number>((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });

/**
 * CPU time a process has used, all its threads, in ms (Linux schedstat: nanoseconds on a CPU);
 * NaN where /proc has none.
 */
export function cpuMsOf(pid: number): number {
  try {
    let ns = 0;
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      ns += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
    }
    return ns / 1e6;
  } catch {
    return Number.NaN;
  }
}

export interface CommandServer {
  child: ChildProcess;
  url: string;
  /** ms from spawn to the first discovery 200. */
  startMs: number;
  /** CPU the process had used by then (ms, all threads). */
  startCpuMs: number;
  stop(): Promise<void>;
}

/** Spawns `node args(port)…` and polls discovery until it answers 200. */
export async function startCommandServer(
  name: string,
  args: (port: number) => string[],
): Promise<CommandServer> {
  const port = await freePort();
  const { command: executable, args: argv } = commandFor(args(port), SERVER_CORE);
  const started = performance.now();
  const child = spawn(executable, argv, {
    cwd: ROOT,
    env: CHILD_ENV,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const stop = async () => {
    child.kill('SIGKILL');
    await new Promise((r) => (child.exitCode === null ? child.once('exit', r) : r(undefined)));
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = started + 20_000;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited: ${stderr}`);
    try {
      const response = await fetch(`${url}/.well-known/openid-configuration`);
      await response.text();
      if (response.status === 200) {
        const startMs = performance.now() - started;
        return { child, url, startMs, startCpuMs: cpuMsOf(child.pid ?? 0), stop };
      }
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 2));
  }
  await stop();
  throw new Error(`${name} did not answer within 20 s: ${stderr}`);
}
