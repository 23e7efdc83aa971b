import { fileURLToPath } from 'node:url';
import { runCodeCachedScript } from './codeCachedScript.ts';

/**
 * The package's command (`bin`, built to build/cli.mjs): the bundled command line
 * (build/server.cjs, from cli.ts) run with the code cache the build made for it. The build
 * writes that cache by starting the command once with SILENT_AUTH_LAB_WRITE_CODE_CACHE=1.
 */
const bundled = runCodeCachedScript(
  fileURLToPath(new URL('./server.cjs', import.meta.url)),
  (specifier) => import(specifier),
);
if (process.env.SILENT_AUTH_LAB_WRITE_CODE_CACHE === '1') process.once('exit', bundled.writeCache);
