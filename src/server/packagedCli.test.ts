import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = join(import.meta.dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'packaged-cli-'));
// Inside the repository (.vite/ is ignored), where the command finds tsx as an installed package does.
mkdirSync(join(REPO, '.vite'), { recursive: true });
const outDir = mkdtempSync(join(REPO, '.vite', 'packaged-cli-'));
const running: ChildProcess[] = [];

beforeAll(async () => {
  const { build } = await import('vite');
  await build({
    configFile: join(REPO, 'vite.server.config.ts'),
    root: REPO,
    build: { outDir },
    logLevel: 'error',
  });
}, 120_000);

afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
  rmSync(outDir, { recursive: true, force: true });
});

/** Starts the built command on a free port with this config file; resolves with its URL. */
function startBuilt(configFile: string): Promise<string> {
  const child = spawn(
    process.execPath,
    [join(outDir, 'cli.mjs'), '--port', '0', '--host', '127.0.0.1', '--config', configFile],
    { cwd: work },
  );
  running.push(child);
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = /listening on (\S+)/.exec(stdout);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
}

describe('the packaged command (build/cli.mjs)', () => {
  it('is built with its bundle and the code cache of a start', () => {
    expect(existsSync(join(outDir, 'server.cjs'))).toBe(true);
    expect(statSync(join(outDir, 'server.cjs.cache')).size).toBeGreaterThan(0);
  });

  it('loads a JavaScript and a TypeScript config file through the import it passes in', async () => {
    const mjs = join(work, 'authserver.config.mjs');
    writeFileSync(mjs, "export default { issuers: ['http://mjs.localhost:4400/'] };\n");
    const ts = join(work, 'authserver.config.ts');
    writeFileSync(
      ts,
      "const issuer: string = 'http://ts.localhost:4400/';\nexport default { issuers: [issuer] };\n",
    );
    for (const [file, issuer] of [
      [mjs, 'http://mjs.localhost:4400/'],
      [ts, 'http://ts.localhost:4400/'],
    ] as const) {
      const url = await startBuilt(file);
      const response = await fetch(`${url}/.well-known/openid-configuration`);
      expect(response.status).toBe(200);
      expect((await response.json()).issuer).toBe(issuer);
    }
  }, 60_000);
});
