import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importModule } from './importModule.ts';

const dir = mkdtempSync(join(tmpdir(), 'import-module-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

// Plain Node (no TypeScript loader) is proven from the package: src/testing/package.selftest.spec.ts.
describe('importModule', () => {
  it('imports a JavaScript module', async () => {
    const path = write('plain.mjs', 'export default { port: 1 };\n');
    expect((await importModule(path)).default).toEqual({ port: 1 });
  });

  it('imports a TypeScript module here, where the runner loads TypeScript', async () => {
    const path = write('typed.ts', 'const port: number = 2;\nexport default { port };\n');
    expect((await importModule(path)).default).toEqual({ port: 2 });
  });

  it('passes on the error of a broken module', async () => {
    const path = write('broken.mjs', 'export default ;\n');
    await expect(importModule(path)).rejects.toThrow(SyntaxError);
  });
});
