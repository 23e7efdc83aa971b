/**
 * The published package, from another project's side: `npm pack` (which builds it), unpacked
 * into a project outside this repository whose node_modules holds only the package's declared
 * dependencies and peers, so a missing dependency, a wrong exports path or types that do not
 * resolve fail here. Run: npx playwright test --config src/testing/playwright.selftest.config.ts
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';

const REPO = resolve(import.meta.dirname, '../..');
const REPO_MODULES = join(REPO, 'node_modules');

interface PackedManifest {
  bin: Record<string, string>;
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
}

let project: string;
let manifest: PackedManifest;

const packageDir = () => join(project, 'node_modules', 'silent-auth-lab');

const linkModule = (name: string) => {
  const link = join(project, 'node_modules', name);
  mkdirSync(dirname(link), { recursive: true });
  symlinkSync(join(REPO_MODULES, name), link, 'dir');
};

const write = (name: string, text: string) => writeFileSync(join(project, name), text);

/** Runs a command in the consumer project; fails the test with its output when it fails. */
const run = (command: string, args: string[]) => {
  try {
    return execFileSync(command, args, { cwd: project, encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
};

const tsc = (project: string) =>
  run(process.execPath, [join(REPO_MODULES, 'typescript/bin/tsc'), '-p', project]);

// tsc checks the shipped declarations with Playwright's and Node's: tens of seconds when loaded.
test.describe.configure({ mode: 'serial', timeout: 180_000 });

test.beforeAll(async () => {
  // Packing runs `prepack`, the full package build: slow on a loaded machine.
  test.setTimeout(300_000);
  project = mkdtempSync(join(tmpdir(), 'silent-auth-lab-consumer-'));
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', project], {
      cwd: REPO,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  ) as { filename: string }[];
  mkdirSync(packageDir(), { recursive: true });
  execFileSync('tar', [
    '-xzf',
    join(project, packed[0]?.filename ?? ''),
    '-C',
    packageDir(),
    '--strip-components=1',
  ]);
  manifest = JSON.parse(readFileSync(join(packageDir(), 'package.json'), 'utf8'));
  // What npm would install for a consumer: the dependencies and the peer; plus the consumer's
  // own tools (TypeScript and Node's types) for the type checks.
  for (const name of [
    ...Object.keys(manifest.dependencies),
    ...Object.keys(manifest.peerDependencies),
    'typescript',
    '@types/node',
  ]) {
    linkModule(name);
  }
  write('package.json', '{ "name": "consumer", "private": true, "type": "module" }\n');
});

test.afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

test('ships the build, not the sources or the SPA', () => {
  const files = execFileSync('find', ['.', '-type', 'f'], { cwd: packageDir(), encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
  expect(files).toContain('./build/testing/index.js');
  expect(files).toContain('./build/testing/index.d.ts');
  expect(files).toContain('./build/testing/playwright.d.ts');
  expect(files).toContain(`./${manifest.bin['silent-auth-lab']?.replace(/^\.\//, '')}`);
  expect(files.filter((file) => file.startsWith('./src/') || file.includes('.test.'))).toEqual([]);
  expect(files.filter((file) => /\/(app|auth|api)\//.test(file))).toEqual([]);
});

test('a plain .mjs starts, steers and closes a server through silent-auth-lab/testing', () => {
  write(
    'kit.mjs',
    `import { startAuthServer } from 'silent-auth-lab/testing';

const server = await startAuthServer({ spaOrigin: 'http://localhost:3000' });
const discovery = await (await fetch(server.url + '/.well-known/openid-configuration')).json();
const session = await server.control.createSession({ email: 'alice@example.com' });
await server.control.forceError('/authorize', 'login_required', { query: { prompt: 'none' } });
const silent = await fetch(
  server.url + '/authorize?' + new URLSearchParams({
    client_id: 'silent-auth-lab-spa', redirect_uri: 'http://localhost:3000/callback',
    response_type: 'code', scope: 'openid', prompt: 'none', state: 's',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256',
  }),
  { redirect: 'manual', headers: { cookie: session.cookie.name + '=' + session.cookie.value } },
);
const requests = await server.control.requests();
await server.close();
process.stdout.write(JSON.stringify({
  issuer: discovery.issuer,
  expected: server.issuer,
  user: session.userId,
  silent: new URL(silent.headers.get('location')).searchParams.get('error'),
  logged: requests.map((entry) => entry.path),
}));
`,
  );
  const result = JSON.parse(run(process.execPath, ['kit.mjs']));
  expect(result.issuer).toBe(result.expected);
  expect(result.user).toBe('auth0|alice');
  expect(result.silent).toBe('login_required');
  expect(result.logged).toEqual(['/.well-known/openid-configuration', '/authorize']);
});

test('a consumer .ts type-checks against the shipped declarations, and a wrong call does not', () => {
  write(
    'tsconfig.json',
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noEmit: true,
        types: ['node'],
      },
      files: ['kit.ts', 'fixture.spec.ts'],
    }),
  );
  write(
    'kit.ts',
    `import {
  type ControlClient,
  defineAuthServerConfig,
  type StartedAuthServer,
  startAuthServer,
} from 'silent-auth-lab/testing';

export default defineAuthServerConfig({ port: 4500 });

export async function scenario(): Promise<number> {
  const server: StartedAuthServer = await startAuthServer({ port: 0, controlToken: 't' });
  const control: ControlClient = server.control;
  const { accessTokenSeconds } = await control.setLifetimes({ accessTokenSeconds: 5 });
  // @ts-expect-error the declarations know forceError's errors: this one is not among them
  await control.forceError('/authorize', 'not_an_oauth_error');
  // @ts-expect-error and startAuthServer's options
  await startAuthServer({ port: 'any' });
  await server.close();
  return accessTokenSeconds;
}
`,
  );
  write(
    'fixture.spec.ts',
    `import { expect, test } from 'silent-auth-lab/testing/playwright';

test.use({ authServerOptions: { spaOrigin: 'http://localhost:3000' } });

test('the fixture from the package', async ({ auth }) => {
  const session = await auth.control.createSession({ email: 'alice@example.com' });
  expect(session.userId).toBe('auth0|alice');
  await fetch(auth.url + '/.well-known/jwks.json');
  await expect(auth).toHaveReceived({ path: '/.well-known/jwks.json', status: 200 });
  await expect(auth).not.toHaveReceived({ path: '/oauth/token' });
  // @ts-expect-error the matcher's pattern is typed
  await expect(auth).toHaveReceived({ route: '/authorize' });
});
`,
  );
  tsc('tsconfig.json');
  // Without the expected errors the @ts-expect-error lines themselves fail: types are not `any`.
  write(
    'broken.ts',
    `import { startAuthServer } from 'silent-auth-lab/testing';\nawait startAuthServer({ port: 'any' });\n`,
  );
  write(
    'tsconfig.broken.json',
    JSON.stringify({ extends: './tsconfig.json', files: ['broken.ts'] }),
  );
  expect(() => tsc('tsconfig.broken.json')).toThrow(/TS2322/);
});

test('a Playwright run uses the fixture from silent-auth-lab/testing/playwright', () => {
  write(
    'playwright.config.mjs',
    `export default { testDir: '.', testMatch: 'fixture.spec.mjs', workers: 1, reporter: 'line' };\n`,
  );
  write(
    'fixture.spec.mjs',
    `import { expect, test } from 'silent-auth-lab/testing/playwright';

test('steers its worker server and matches its request log', async ({ auth }) => {
  await auth.control.freezeClock('2030-01-01T00:00:00Z');
  const jwks = await fetch(auth.url + '/.well-known/jwks.json');
  expect(jwks.status).toBe(200);
  await expect(auth).toHaveReceived({ path: '/.well-known/jwks.json', status: 200 }, { times: 1 });
  expect((await auth.control.getClock()).frozen).toBe(true);
});
`,
  );
  const output = run(process.execPath, [
    join(REPO_MODULES, '@playwright/test/cli.js'),
    'test',
    '--config',
    'playwright.config.mjs',
  ]);
  expect(output).toMatch(/1 passed/);
});

test('the bin starts the server under plain Node, with a TypeScript config file', async () => {
  write(
    'authserver.config.ts',
    `import { defineAuthServerConfig } from 'silent-auth-lab/testing';
const port: number = 0;
export default defineAuthServerConfig({ port, host: '127.0.0.1' });
`,
  );
  const bin = join(packageDir(), manifest.bin['silent-auth-lab'] ?? '');
  expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  const help = run(process.execPath, [bin, '--help']);
  expect(help).toContain('Usage: silent-auth-lab [options]');
  let child: ChildProcess | undefined;
  try {
    child = spawn(process.execPath, [bin], { cwd: project, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    await expect.poll(() => output, { timeout: 30_000 }).toMatch(/listening on http:\/\/127/);
    const url = /listening on (\S+)/.exec(output)?.[1];
    const discovery = await fetch(`${url}/.well-known/openid-configuration`);
    expect(discovery.status).toBe(200);
  } finally {
    child?.kill();
  }
});
