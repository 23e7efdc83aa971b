import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCodeCachedScript } from './codeCachedScript.ts';

const dir = mkdtempSync(join(tmpdir(), 'code-cached-script-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A CommonJS script that reports what it was run with on a global the test reads. */
function writeScript(name: string): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    `const { basename } = require('node:path');
     let strict = true;
     try { undeclared = 1; strict = false; } catch {}
     globalThis.__codeCachedScriptRun = {
       file: basename(__filename),
       strict,
       imported: __import('node:os'),
       sum: [1, 2, 3].reduce((a, b) => a + b, 0),
     };`,
  );
  return path;
}

const lastRun = () =>
  (globalThis as { __codeCachedScriptRun?: Record<string, unknown> }).__codeCachedScriptRun;

describe('runCodeCachedScript', () => {
  it('runs the file as a strict CommonJS script, with require, __filename and the given import', async () => {
    const path = writeScript('first.cjs');
    const imports: string[] = [];
    const run = runCodeCachedScript(path, (specifier) => {
      imports.push(specifier);
      return import(specifier);
    });
    expect(run.status).toBe('none');
    const result = lastRun();
    expect(result).toMatchObject({ file: 'first.cjs', strict: true, sum: 6 });
    expect(imports).toEqual(['node:os']);
    expect(await (result?.imported as Promise<{ tmpdir: unknown }>)).toHaveProperty('tmpdir');
  });

  it('compiles from the cache it wrote, and the code runs the same', () => {
    const path = writeScript('cached.cjs');
    runCodeCachedScript(path, (specifier) => import(specifier)).writeCache();
    const again = runCodeCachedScript(path, (specifier) => import(specifier));
    expect(again.status).toBe('accepted');
    expect(lastRun()).toMatchObject({ file: 'cached.cjs', strict: true, sum: 6 });
  });

  it('compiles the file as usual when the cache is not its own', () => {
    const path = writeScript('stale.cjs');
    writeFileSync(`${path}.cache`, Buffer.from('not a V8 code cache'));
    const run = runCodeCachedScript(path, (specifier) => import(specifier));
    expect(run.status).toBe('rejected');
    expect(lastRun()).toMatchObject({ file: 'stale.cjs', sum: 6 });
  });
});
