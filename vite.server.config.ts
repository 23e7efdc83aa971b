import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, defineConfig, type Plugin } from 'vite';

/**
 * The published command line (`bin`) as one file with its dependencies inside: Node then reads
 * one module instead of resolving and loading hundreds, which is most of its start-up.
 * tsx stays outside: it is loaded only for a TypeScript config file or rule.
 * `npm run build:package` runs this first (it empties build/), then tsc for the kit.
 *
 * Three steps: the command line bundled as a CommonJS script (build/server.cjs); the small
 * command that runs it with a V8 code cache (build/cli.mjs, from packagedCli.ts); and that cache
 * (build/server.cjs.cache), written by starting the command once and asking it for discovery
 * and JWKS, so the code of a start and of its first answers is compiled at build time.
 */
export default defineConfig({
  publicDir: false,
  logLevel: 'warn',
  build: {
    ssr: 'src/server/cli.ts',
    outDir: 'build',
    emptyOutDir: true,
    target: 'node20',
    minify: true,
    rollupOptions: {
      output: { entryFileNames: 'server.cjs', format: 'cjs' },
    },
  },
  ssr: { target: 'node', noExternal: true, external: ['tsx'] },
  plugins: [packagedCommand()],
});

function packagedCommand(): Plugin {
  let outDir = '';
  return {
    name: 'packaged-command',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      await build({
        configFile: false,
        publicDir: false,
        logLevel: 'warn',
        build: {
          ssr: resolve(import.meta.dirname, 'src/server/packagedCli.ts'),
          outDir,
          emptyOutDir: false,
          target: 'node20',
          minify: true,
          rollupOptions: {
            output: { entryFileNames: 'cli.mjs', format: 'es', banner: '#!/usr/bin/env node' },
          },
        },
        ssr: { target: 'node', noExternal: true },
      });
      await writeCodeCache(join(outDir, 'cli.mjs'));
    },
  };
}

/** Starts the command once (fresh key, temporary directory), asks for discovery and JWKS, stops it. */
async function writeCodeCache(cli: string): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'code-cache-'));
  try {
    const config = join(work, 'authserver.config.json');
    writeFileSync(config, JSON.stringify({ signingKey: { source: 'generate' } }));
    const child = spawn(
      process.execPath,
      [cli, '--port', '0', '--host', '127.0.0.1', '--config', config],
      {
        cwd: work,
        env: { ...process.env, SILENT_AUTH_LAB_WRITE_CODE_CACHE: '1' },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const exited = new Promise<number | null>((done) => child.once('exit', done));
    const url = await new Promise<string>((found, fail) => {
      let output = '';
      child.stdout.on('data', (chunk) => {
        output += chunk;
        const match = /listening on (\S+)/.exec(output);
        if (match?.[1]) found(match[1]);
      });
      exited.then((code) => fail(new Error(`the built command exited (${code}) before listening`)));
    });
    for (const path of ['/.well-known/openid-configuration', '/.well-known/jwks.json']) {
      const response = await fetch(`${url}${path}`);
      await response.text();
      if (response.status !== 200)
        throw new Error(`the built command answered ${path} with ${response.status}`);
    }
    child.kill('SIGTERM');
    if ((await exited) !== 0) throw new Error('the built command did not stop cleanly');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
