import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = join(import.meta.dirname, '..', '..');

/** In a fresh process: how many functions zod compiles while the config schemas are built and parse the seed. */
function functionsCompiled(firstImport: string): number {
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
  const output = execFileSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script],
    { cwd: REPO, encoding: 'utf8' },
  );
  return Number(output);
}

describe('zodJitless', () => {
  it('keeps zod from compiling functions for schemas built after it', () => {
    expect(functionsCompiled('')).toBeGreaterThan(0);
    expect(functionsCompiled("await import('./src/server/zodJitless.ts');")).toBe(0);
  }, 20_000);

  it('runs first in the command line, before any module builds a schema', () => {
    const cli = readFileSync(join(REPO, 'src/server/cli.ts'), 'utf8');
    expect(/^import .*$/m.exec(cli)?.[0]).toBe("import './zodJitless.ts';");
  });
});
