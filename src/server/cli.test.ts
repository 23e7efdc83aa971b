import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

const REPO = join(import.meta.dirname, '..', '..');
const root = mkdtempSync(join(tmpdir(), 'authserver-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const running: ChildProcess[] = [];
afterEach(() => {
  for (const child of running.splice(0)) child.kill('SIGKILL');
});

/** Runs the command line server from the repository; resolves once it exits. */
function cli(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/cli.ts', ...args], {
    cwd: REPO,
    env: { ...process.env, AUTH_PORT: '', AUTH_CONFIG: '', CONTROL_TOKEN: '', ...env },
  });
  running.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const match = /listening on (\S+)/.exec(stdout);
      if (match?.[1]) resolve(match[1]);
    });
    exited.then(() => reject(new Error(`exited: ${stderr}`)));
  });
  // Only the test that waits for the URL cares when there is none.
  url.catch(() => undefined);
  return { child, exited, url, output: () => ({ stdout, stderr }) };
}

const configFile = (name: string, config: unknown) => {
  const path = join(root, name);
  writeFileSync(path, JSON.stringify(config));
  return path;
};

// Each case starts Node with tsx: seconds on a loaded machine (20 s was not enough under a full
// CPU load), so a generous timeout; the cases assert exit codes and output, never times.
describe('the command line server', { timeout: 90_000 }, () => {
  it('starts from a config file on a free port, with the control API behind a token', async () => {
    const path = configFile('ok.json', { signingKey: { source: 'generate' } });
    const server = cli(['--config', path, '--port', '0'], { CONTROL_TOKEN: 'cli-token' });
    const url = await server.url;
    const discovery = await (await fetch(`${url}/.well-known/openid-configuration`)).json();
    expect(discovery.issuer).toBe(`${url}/`);
    expect((await fetch(`${url}/__control/health`)).status).toBe(401);
    const health = await fetch(`${url}/__control/health`, {
      headers: { authorization: 'Bearer cli-token' },
    });
    expect(health.status).toBe(200);
    expect(server.output().stdout).toContain('(token required)');
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  it('exits 1 naming the file, the path and what was expected', async () => {
    const path = configFile('bad.json', {
      signingKey: { source: 'generate' },
      clients: [{ clientId: 'x' }, { clientId: 'y', redirectUris: ['callback'] }],
    });
    const server = cli(['--config', path, '--port', '0']);
    expect(await server.exited).toBe(1);
    expect(server.output().stderr).toContain(
      `${path}: clients[1].redirectUris[0]: expected an absolute URL`,
    );
  });

  it('lists every flag with --help', async () => {
    const server = cli(['--help']);
    expect(await server.exited).toBe(0);
    for (const flag of ['--config', '--port', '--host', '--no-control', '--control-token']) {
      expect(server.output().stdout).toContain(flag);
    }
  });

  it('exits 2 on a flag it does not know, with the help', async () => {
    const server = cli(['--prot', '1']);
    expect(await server.exited).toBe(2);
    expect(server.output().stderr).toContain('Options');
  });
});
