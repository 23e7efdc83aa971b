import { describe, expect, it } from 'vitest';
import {
  AUTH_LAYER_BUDGET_BYTES,
  chunksLoadedFor,
  formatSpaSize,
  initialScripts,
  measureSpaSize,
  type SpaSizeReport,
} from './spaSize.ts';

describe('initialScripts', () => {
  it('takes module scripts and modulepreloads, not classic scripts or stylesheets', () => {
    const html = `<script src="/config.js"></script>
<script type="module" crossorigin src="/assets/main-abc.js"></script>
<link rel="modulepreload" crossorigin href="/assets/vendor-def.js">
<link rel="stylesheet" href="/assets/main.css">`;
    expect(initialScripts(html)).toEqual(['assets/main-abc.js', 'assets/vendor-def.js']);
  });
});

describe('chunksLoadedFor', () => {
  const chunk = (fileName: string, more: Partial<Parameters<typeof chunksLoadedFor>[0][0]>) => ({
    fileName,
    isEntry: false,
    imports: [],
    dynamicImports: [],
    moduleIds: [],
    ...more,
  });
  it('takes the entry, its static imports and the lazy chunk holding the module, not the others', () => {
    const chunks = [
      chunk('entry.js', {
        isEntry: true,
        imports: ['shared.js'],
        dynamicImports: ['code.js', 'implicit.js'],
      }),
      chunk('shared.js', {}),
      chunk('code.js', {
        imports: ['shared.js', 'vendor.js'],
        moduleIds: ['/x/node_modules/oidc-client-ts/dist/index.js'],
      }),
      chunk('vendor.js', {}),
      chunk('implicit.js', { moduleIds: ['/x/node_modules/jose/dist/index.js'] }),
    ];
    expect(chunksLoadedFor(chunks, /node_modules\/oidc-client-ts\//).sort()).toEqual([
      'code.js',
      'entry.js',
      'shared.js',
      'vendor.js',
    ]);
  });
});

// Builds the app and the auth layer itself (into a temp folder, about 2 s): the budget is about
// the sources as they are now, whatever dist/spa holds.
describe('SPA size budget', () => {
  let report: SpaSizeReport;

  it(`keeps the auth layer at or under ${AUTH_LAYER_BUDGET_BYTES / 1024} KB gzipped`, async () => {
    report = await measureSpaSize();
    console.info(formatSpaSize(report));
    // The layer as a code-flow session loads it: oidc-client-ts must be in it.
    expect(report.authLayer.files.length).toBeGreaterThan(0);
    expect(report.authLayerAll.gzipBytes).toBeGreaterThanOrEqual(report.authLayer.gzipBytes);
    expect(report.authLayer.gzipBytes).toBeLessThanOrEqual(AUTH_LAYER_BUDGET_BYTES);
  }, 60_000);

  it('reports the initial route, which loads the auth layer and more', () => {
    expect(report.initialRoute.files.length).toBeGreaterThan(0);
    expect(report.initialRoute.gzipBytes).toBeGreaterThan(report.authLayer.gzipBytes);
  });
});
