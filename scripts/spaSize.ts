/**
 * SPA size: gzipped JavaScript of the initial route (what index.html loads before the app can
 * render) and of the auth layer alone (src/auth with oidc-client-ts, zustand and jose bundled,
 * React left out), built by Vite the way the app is built. Size budgets are assertions about the
 * build (spaSize.test.ts), not timings.
 *
 *   node --import tsx scripts/spaSize.ts [--json]   builds both into a temp folder and reports
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

/** DESIGN.md "Targets": the auth layer, oidc-client-ts included, gzipped. */
export const AUTH_LAYER_BUDGET_BYTES = 25 * 1024;

/** The auth layer's public entry: everything the app needs from src/auth comes through it. */
export const AUTH_LAYER_ENTRY = 'src/auth/startAuth.ts';

const ROOT = resolve(import.meta.dirname, '..');

export interface FileSize {
  file: string;
  bytes: number;
  /** gzip level 9, as served by a static host with compression on. */
  gzipBytes: number;
}

export interface SpaSizeReport {
  /** JS that index.html loads up front (module scripts and modulepreloads), summed. */
  initialRoute: { gzipBytes: number; bytes: number; files: FileSize[] };
  /** Every JS file the build emitted (lazy chunks included). */
  allJs: { gzipBytes: number; bytes: number; files: FileSize[] };
  /**
   * src/auth on its own, dependencies bundled, React excluded: what a session on the default
   * code flow loads (the entry, its static imports, and the lazy chunk with oidc-client-ts).
   * The budget applies to this.
   */
  authLayer: { gzipBytes: number; bytes: number; budgetBytes: number; files: FileSize[] };
  /** Every chunk of the auth layer, lazy ones for other lab choices (the implicit client) too. */
  authLayerAll: { gzipBytes: number; bytes: number; files: FileSize[] };
}

/** The chunks of a build: what each imports now and later, and which modules it holds. */
interface ChunkInfo {
  fileName: string;
  isEntry: boolean;
  imports: string[];
  dynamicImports: string[];
  moduleIds: string[];
}

/** The entry, its static imports, and the lazy chunks holding `lazyModule` with theirs. */
export function chunksLoadedFor(chunks: ChunkInfo[], lazyModule: RegExp): string[] {
  const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
  const loaded = new Set<string>();
  const load = (fileName: string) => {
    if (loaded.has(fileName)) return;
    loaded.add(fileName);
    for (const imported of byName.get(fileName)?.imports ?? []) load(imported);
  };
  for (const chunk of chunks) if (chunk.isEntry) load(chunk.fileName);
  for (const chunk of chunks) {
    if (!chunk.isEntry && chunk.moduleIds.some((id) => lazyModule.test(id))) load(chunk.fileName);
  }
  return [...loaded];
}

export const gzipSize = (content: Buffer | string): number =>
  gzipSync(content, { level: 9 }).length;

const sizeOf = (dir: string, file: string): FileSize => {
  const content = readFileSync(join(dir, file));
  return { file, bytes: content.length, gzipBytes: gzipSize(content) };
};

const sum = (files: FileSize[]) => ({
  bytes: files.reduce((total, f) => total + f.bytes, 0),
  gzipBytes: files.reduce((total, f) => total + f.gzipBytes, 0),
  files,
});

/** The same-origin scripts index.html starts with: `<script type="module" src>` and modulepreloads. */
export function initialScripts(indexHtml: string): string[] {
  const scripts = new Set<string>();
  for (const tag of indexHtml.matchAll(/<script\b[^>]*>/g)) {
    const src = /\bsrc="([^"]+)"/.exec(tag[0])?.[1];
    if (src && /\btype="module"/.test(tag[0])) scripts.add(src);
  }
  for (const tag of indexHtml.matchAll(/<link\b[^>]*>/g)) {
    const href = /\bhref="([^"]+)"/.exec(tag[0])?.[1];
    if (href && /\brel="modulepreload"/.test(tag[0])) scripts.add(href);
  }
  return [...scripts].map((path) => path.replace(/^\//, ''));
}

const jsFilesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.js'));

/** Measures a finished SPA build (dist/spa or a temp copy). */
export function measureSpaBuild(dir: string) {
  const indexHtml = readFileSync(join(dir, 'index.html'), 'utf8');
  const initial = initialScripts(indexHtml).map((file) => sizeOf(dir, file));
  return {
    initialRoute: sum(initial),
    allJs: sum(jsFilesUnder(dir).map((file) => sizeOf(dir, file))),
  };
}

/**
 * Vite builds for development when NODE_ENV says so (vitest sets it to "test"): build as
 * `vite build` from a shell does.
 */
async function asProduction<T>(run: () => Promise<T>): Promise<T> {
  const before = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    return await run();
  } finally {
    if (before === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = before;
  }
}

/** `vite build` of the app into `outDir` (quiet), with the project's own vite.config.ts. */
export async function buildSpa(outDir: string): Promise<void> {
  const { build } = await import('vite');
  await asProduction(() =>
    build({
      root: ROOT,
      configFile: resolve(ROOT, 'vite.config.ts'),
      logLevel: 'silent',
      build: { outDir, emptyOutDir: true },
    }),
  );
}

/**
 * A library build of the auth layer's entry: minified ES module, its npm dependencies bundled,
 * React excluded (src/auth does not use it; this keeps it out should that change by accident).
 */
export async function buildAuthLayer(
  outDir: string,
): Promise<{ all: FileSize[]; codeFlow: FileSize[] }> {
  const { build } = await import('vite');
  const output = await asProduction(() =>
    build({
      root: ROOT,
      configFile: false,
      // public/ (config.js, the silent callback page) belongs to the app, not to the layer.
      publicDir: false,
      logLevel: 'silent',
      mode: 'production',
      define: { 'process.env.NODE_ENV': JSON.stringify('production') },
      build: {
        outDir,
        emptyOutDir: true,
        minify: true,
        sourcemap: false,
        lib: { entry: resolve(ROOT, AUTH_LAYER_ENTRY), formats: ['es'], fileName: 'auth-layer' },
        rollupOptions: {
          external: [/^react($|\/)/, /^react-dom($|\/)/],
          // Library mode leaves an ES build's whitespace and module comments (for a library's
          // own consumers to minify); the app's build removes them, so measure it that way.
          output: { minify: true },
        },
      },
    }),
  );
  const chunks = (Array.isArray(output) ? output : [output])
    .flatMap((result) => ('output' in result ? result.output : []))
    .filter((item) => item.type === 'chunk')
    .map(
      (chunk): ChunkInfo => ({
        fileName: chunk.fileName,
        isEntry: chunk.isEntry,
        imports: [...chunk.imports],
        dynamicImports: [...chunk.dynamicImports],
        moduleIds: [...chunk.moduleIds],
      }),
    );
  const all = jsFilesUnder(outDir).map((file) => sizeOf(outDir, file));
  const codeFlow = new Set(chunksLoadedFor(chunks, /[\\/]node_modules[\\/]oidc-client-ts[\\/]/));
  return { all, codeFlow: all.filter((file) => codeFlow.has(file.file)) };
}

/** Builds the SPA and the auth layer into a temp folder and measures both. */
export async function measureSpaSize(): Promise<SpaSizeReport> {
  const work = mkdtempSync(join(tmpdir(), 'spa-size-'));
  try {
    const spaDir = join(work, 'spa');
    await buildSpa(spaDir);
    const spa = measureSpaBuild(spaDir);
    const auth = await buildAuthLayer(join(work, 'auth'));
    return {
      ...spa,
      authLayer: { ...sum(auth.codeFlow), budgetBytes: AUTH_LAYER_BUDGET_BYTES },
      authLayerAll: sum(auth.all),
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export function formatSpaSize(report: SpaSizeReport): string {
  const { initialRoute, allJs, authLayer } = report;
  return [
    `initial route JS: ${kb(initialRoute.gzipBytes)} gzipped (${kb(initialRoute.bytes)} raw, ${initialRoute.files.length} file(s))`,
    `all JS:           ${kb(allJs.gzipBytes)} gzipped (${allJs.files.length} file(s))`,
    `auth layer:       ${kb(authLayer.gzipBytes)} gzipped (${kb(authLayer.bytes)} raw, ${authLayer.files.length} chunk(s) a code-flow session loads), budget ${kb(authLayer.budgetBytes)}`,
    `auth layer, all:  ${kb(report.authLayerAll.gzipBytes)} gzipped (${report.authLayerAll.files.length} chunk(s), lazy ones for other lab choices included)`,
  ].join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const report = await measureSpaSize();
  process.stdout.write(
    process.argv.includes('--json') ? `${JSON.stringify(report)}\n` : `${formatSpaSize(report)}\n`,
  );
  if (existsSync(resolve(ROOT, 'dist/spa/index.html'))) {
    const dist = measureSpaBuild(resolve(ROOT, 'dist/spa'));
    if (!process.argv.includes('--json')) {
      process.stdout.write(
        `dist/spa initial route JS: ${kb(dist.initialRoute.gzipBytes)} gzipped\n`,
      );
    }
  }
}
