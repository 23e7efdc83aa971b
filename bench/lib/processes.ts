/**
 * Child processes for the benchmarks: the server under test on one core, the load generator on
 * the other (taskset), talking to the runner over IPC with request/answer messages.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';

export const BENCH_DIR = resolve(import.meta.dirname, '..');
export const ROOT = resolve(BENCH_DIR, '..');

/** Server on core 0, load generator on core 1, when the machine has two and taskset exists. */
export const SERVER_CORE = 0;
export const LOAD_CORE = 1;

const TASKSET = ['/usr/bin/taskset', '/bin/taskset'].find((path) => existsSync(path));
export const canPin = TASKSET !== undefined && availableParallelism() >= 2;

/** `node [--import tsx] script args…`, pinned to `core` when possible. */
export function commandFor(
  args: string[],
  core: number | undefined,
): { command: string; args: string[] } {
  if (canPin && core !== undefined && TASKSET) {
    return { command: TASKSET, args: ['-c', String(core), process.execPath, ...args] };
  }
  return { command: process.execPath, args };
}

export interface Worker {
  child: ChildProcess;
  /** Sends a message and waits for the child's answer to it. */
  request<T>(type: string, payload?: unknown, timeoutMs?: number): Promise<T>;
  stop(): Promise<void>;
}

interface Answer {
  id: number;
  ok: boolean;
  value?: unknown;
  error?: string;
}

/** Starts a TypeScript module (under bench/) that calls `serveRequests` as a worker. */
export async function startWorker(
  script: string,
  {
    core,
    args = [],
    env = {},
    nodeArgs = [],
  }: {
    core?: number;
    args?: string[];
    env?: Record<string, string>;
    /** Flags for node itself, e.g. --cpu-prof to profile a server under load. */
    nodeArgs?: string[];
  },
): Promise<Worker> {
  const { command, args: argv } = commandFor(
    [...nodeArgs, '--import', 'tsx', resolve(BENCH_DIR, script), ...args],
    core,
  );
  const child = spawn(command, argv, {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, ...env },
  });
  let next = 1;
  const waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  child.on('message', (message: Answer) => {
    const pending = waiting.get(message.id);
    if (!pending) return;
    waiting.delete(message.id);
    if (message.ok) pending.resolve(message.value);
    else pending.reject(new Error(message.error));
  });
  child.on('exit', (code) => {
    for (const pending of waiting.values()) {
      pending.reject(new Error(`${script} exited (code ${code})`));
    }
    waiting.clear();
  });
  const worker: Worker = {
    child,
    request<T>(type: string, payload?: unknown, timeoutMs = 180_000) {
      const id = next++;
      return new Promise<T>((resolvePromise, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error(`${script}: no answer to ${type} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiting.set(id, {
          resolve: (value) => {
            clearTimeout(timer);
            resolvePromise(value as T);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        });
        child.send({ id, type, payload });
      });
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolvePromise) =>
        child.once('exit', () => resolvePromise()),
      );
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
  await worker.request('ping', undefined, 60_000);
  return worker;
}

/** In the child: answers the runner's messages with `handlers[type](payload)`. */
export function serveRequests(
  handlers: Record<string, (payload: never) => unknown | Promise<unknown>>,
): void {
  const all: Record<string, (payload: never) => unknown> = { ping: () => 'pong', ...handlers };
  process.on('message', async (message: { id: number; type: string; payload: never }) => {
    const handler = all[message.type];
    try {
      if (!handler) throw new Error(`no handler for ${message.type}`);
      const value = await handler(message.payload);
      process.send?.({ id: message.id, ok: true, value } satisfies Answer);
    } catch (error) {
      const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
      process.send?.({ id: message.id, ok: false, error: text } satisfies Answer);
    }
  });
  process.on('SIGTERM', () => process.exit(0));
  process.on('disconnect', () => process.exit(0));
}
