import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Stack } from './stack.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface NativeDemoResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunningNativeDemo {
  /** The authorization URL the demo prints for the user to open (it runs with --no-browser). */
  signInUrl: Promise<string>;
  done: Promise<NativeDemoResult>;
}

/** `npm run native-demo` as a user runs it, against one stack (the `nativeDemo` fixture). */
export interface NativeDemos {
  /**
   * `npm run native-demo -- <command>`, a child process against the stack, its token file in
   * `dataDir`, its browser never opened (the test opens the printed URL).
   */
  start(command: string, dataDir: string, device: string): RunningNativeDemo;
  run(command: string, dataDir: string, device: string): Promise<NativeDemoResult>;
  /** The refresh token the demo stored (as someone who copied the file would have it). */
  storedRefreshToken(dataDir: string): Promise<string>;
  /** The demo keeps one file per issuer. */
  tokenFileOf(dataDir: string): string;
  /** Ends demos a failed test left waiting for a browser (only the ones started here). */
  stopAll(): void;
}

export function createNativeDemos(stack: Stack): NativeDemos {
  const running = new Set<ChildProcess>();
  const tokenFileOf = (dataDir: string) => join(dataDir, `localhost_${stack.ports.auth}.json`);
  const start = (command: string, dataDir: string, device: string): RunningNativeDemo => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/native/nativeDemo.ts',
        command,
        '--issuer',
        stack.auth,
        '--api',
        stack.api,
        '--data-dir',
        dataDir,
        '--device',
        device,
        '--no-browser',
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    running.add(child);
    let stdout = '';
    let stderr = '';
    let announce: { resolve(url: string): void; reject(error: Error): void } | undefined;
    const signInUrl = new Promise<string>((resolve, reject) => {
      announce = { resolve, reject };
    });
    const authorize = new RegExp(`^ {2}(${stack.auth}/authorize\\?\\S+)$`, 'm');
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const url = authorize.exec(stdout)?.[1];
      if (url) announce?.resolve(url);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const done = new Promise<NativeDemoResult>((resolve) => {
      child.once('close', (code) => {
        running.delete(child);
        resolve({ code, stdout, stderr });
      });
    });
    // A demo that ends before printing a URL must fail the wait, not hang it.
    void done.then((result) =>
      announce?.reject(
        new Error(`The native demo exited before printing a URL: ${JSON.stringify(result)}`),
      ),
    );
    // Only login prints a URL; other commands never await this.
    signInUrl.catch(() => undefined);
    return { signInUrl, done };
  };
  return {
    start,
    run: (command, dataDir, device) => start(command, dataDir, device).done,
    async storedRefreshToken(dataDir) {
      const stored = JSON.parse(await readFile(tokenFileOf(dataDir), 'utf8'));
      return (stored as { refreshToken: string }).refreshToken;
    },
    tokenFileOf,
    stopAll() {
      for (const child of running) child.kill();
    },
  };
}
