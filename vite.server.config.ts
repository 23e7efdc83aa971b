import { defineConfig } from 'vite';

/**
 * The published command line (`bin`) as one file with its dependencies inside: Node then reads
 * one module instead of resolving and loading hundreds, which is most of its start-up.
 * tsx stays outside: it is loaded only for a TypeScript config file or rule.
 * `npm run build:package` runs this first (it empties build/), then tsc for the kit.
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
      output: { entryFileNames: 'cli.mjs', format: 'es', banner: '#!/usr/bin/env node' },
    },
  },
  ssr: { target: 'node', noExternal: true, external: ['tsx'] },
});
