import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const REPO = join(import.meta.dirname, '..', '..');

/** In a fresh process: how many functions zod compiles while the config schemas are built and parse the seed. */
async function functionsCompiled(firstImport: string): Promise<number> {
  const script = `
    let compiled = 0;
    globalThis.Function = new Proxy(Function, {
      construct(target, args) { compiled++; return Reflect.construct(target, args); },
    });
    ${firstImport}
    const { parseAuthServerConfig, seedConfig } = await import('./src/server/config.ts');
    parseAuthServerConfig(seedConfig());
    process.stdout.write(String(compiled));
  `;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script],
    { cwd: REPO, encoding: 'utf8' },
  );
  return Number(stdout);
}

describe('zodJitless', () => {
  // Two fresh Node processes with tsx, side by side: seconds each on a loaded machine (20 s for
  // both one after the other was not enough under a full CPU load); the assertion is a count.
  it('keeps zod from compiling functions for schemas built after it', async () => {
    const [without, withIt] = await Promise.all([
      functionsCompiled(''),
      functionsCompiled("await import('./src/server/zodJitless.ts');"),
    ]);
    expect(without).toBeGreaterThan(0);
    expect(withIt).toBe(0);
  }, 90_000);

  it('runs first in the command line, before any module builds a schema', () => {
    const cli = readFileSync(join(REPO, 'src/server/cli.ts'), 'utf8');
    expect(/^import .*$/m.exec(cli)?.[0]).toBe("import './zodJitless.ts';");
  });
});
