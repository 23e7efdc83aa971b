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

  it('passes on the error of a module that throws', async () => {
    const path = write('throws.mjs', "throw new Error('the module broke');\n");
    await expect(importModule(path)).rejects.toThrow('the module broke');
  });

  it('passes on the error of a TypeScript module that throws', async () => {
    const path = write(
      'throws.ts',
      "const reason: string = 'typed module broke';\nthrow new Error(reason);\n",
    );
    await expect(importModule(path)).rejects.toThrow('typed module broke');
  });
});
