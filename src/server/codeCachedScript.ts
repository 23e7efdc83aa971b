import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

/** Whether V8 took the code cache: none beside the file, taken, or refused (another Node, say). */
export type CodeCacheStatus = 'none' | 'accepted' | 'rejected';

export interface CodeCachedScript {
  status: CodeCacheStatus;
  /** Writes the code V8 holds for the script now (functions run so far included) as its cache. */
  writeCache(): void;
}

/** The script's own `import()` is not available in a script run this way: this one is. */
export type ImportFunction = (specifier: string) => Promise<unknown>;

/**
 * Runs a CommonJS bundle the way Node runs a CommonJS file, compiled with the V8 code cache
 * beside it (`<file>.cache`), so that a start does not parse and compile again what the build
 * compiled already. A cache made by another Node or V8 is refused by V8 and the file compiles
 * as usual. Node 20 has no compile cache of its own (module.enableCompileCache is Node 22).
 * Inside, `__import` stands for `import()`: V8 loses a script's import() callback when it
 * reads code from a cache.
 */
export function runCodeCachedScript(path: string, importModule: ImportFunction): CodeCachedScript {
  const cachePath = `${path}.cache`;
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cachePath);
  } catch {
    cachedData = undefined;
  }
  const source = readFileSync(path, 'utf8');
  const script = new Script(
    `(function (exports, require, module, __filename, __dirname, __import) {"use strict";${source}\n})`,
    { filename: path, cachedData },
  );
  const status: CodeCacheStatus =
    cachedData === undefined ? 'none' : script.cachedDataRejected ? 'rejected' : 'accepted';
  const module = { exports: {} };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run(module.exports, createRequire(path), module, path, dirname(path), importModule);
  return { status, writeCache: () => writeFileSync(cachePath, script.createCachedData()) };
}
