import { pathToFileURL } from 'node:url';

const TYPESCRIPT_FILE = /\.[cm]?tsx?$/;

// Set only inside the packaged command's bundle (see codeCachedScript.ts), where it stands for
// import(); a free name, so the bundler keeps it.
declare const __import: ((specifier: string) => Promise<unknown>) | undefined;

const importFrom = (specifier: string): Promise<unknown> =>
  typeof __import === 'function' ? __import(specifier) : import(specifier);

/**
 * Imports a module file (a config file, a rule). Under plain Node — the published command line —
 * a TypeScript file has no loader, so tsx is loaded for it then, and only then: starts without
 * TypeScript files never pay for it. Runners that already load TypeScript (tsx, vitest,
 * Playwright) import it themselves.
 */
export async function importModule(path: string): Promise<{ default?: unknown }> {
  const url = pathToFileURL(path).href;
  try {
    return (await importFrom(url)) as { default?: unknown };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (!TYPESCRIPT_FILE.test(path) || code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw error;
  }
  const { tsImport } = (await importFrom('tsx/esm/api')) as typeof import('tsx/esm/api');
  return unwrapCommonJs(await tsImport(url, import.meta.url));
}

/**
 * Outside a `"type": "module"` package a TypeScript file is compiled to CommonJS, and Node hands
 * its whole `exports` over as the default export: `{ default: { __esModule, default } }`.
 */
function unwrapCommonJs(module: { default?: unknown }): { default?: unknown } {
  const inner = module.default as { __esModule?: boolean; default?: unknown } | undefined;
  return inner?.__esModule ? inner : module;
}
