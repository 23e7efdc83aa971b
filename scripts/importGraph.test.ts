/**
 * The design's arrows (../shared/DESIGN.md), checked on the source: `app → lab → auth`,
 * `server/routes → server/http → server/domain → server/store`, `server/control →
 * server/domain`; no import loops; test-only modules imported by tests only.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  findCycles,
  type ImportGraph,
  importGraph,
  importsBetween,
  isTestOnly,
} from './importGraph.ts';

const ROOT = resolve(import.meta.dirname, '..');
const all = importGraph(ROOT);
// Tests may cross layers (an auth test against the real server); the arrows bind product code.
const product: ImportGraph = new Map([...all].filter(([file]) => !isTestOnly(file)));

describe('importGraph', () => {
  it('reads relative imports, type-only and re-exports included', () => {
    expect(all.get('src/server/domain/domain.ts')).toContain('src/server/domain/events.ts');
    expect(all.get('scripts/importGraph.test.ts')).toBeUndefined();
  });

  it('finds a loop, and none where there is none', () => {
    const loop: ImportGraph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(findCycles(loop)).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
    expect(
      findCycles(
        new Map([
          ['a.ts', ['b.ts']],
          ['b.ts', []],
          ['c.ts', ['b.ts']],
        ]),
      ),
    ).toEqual([]);
  });

  it('names the forbidden imports', () => {
    const graph: ImportGraph = new Map([
      ['src/auth/a.ts', ['src/app/b.tsx', 'src/protocol/c.ts']],
      ['src/app/b.tsx', ['src/auth/a.ts']],
    ]);
    expect(importsBetween(graph, 'src/auth', ['src/app'])).toEqual([
      'src/auth/a.ts → src/app/b.tsx',
    ]);
  });

  it('tells test-only modules from product code', () => {
    expect(isTestOnly('src/server/routes/token.test.ts')).toBe(true);
    expect(isTestOnly('src/testing/playwright.selftest.spec.ts')).toBe(true);
    expect(isTestOnly('src/server/testSupport/testServer.ts')).toBe(true);
    expect(isTestOnly('src/auth/implicit/testSupport.ts')).toBe(true);
    expect(isTestOnly('src/server/routes/token.ts')).toBe(false);
  });
});

describe('the import graph of src/', () => {
  it('has no import loops', () => {
    expect(findCycles(all)).toEqual([]);
  });

  it('auth imports nothing of lab or app', () => {
    expect(importsBetween(product, 'src/auth', ['src/lab', 'src/app'])).toEqual([]);
  });

  it('lab imports nothing of app', () => {
    expect(importsBetween(product, 'src/lab', ['src/app'])).toEqual([]);
  });

  it('the server domain imports nothing of the control plane, http or routes', () => {
    expect(
      importsBetween(product, 'src/server/domain', [
        'src/server/control',
        'src/server/http',
        'src/server/routes',
      ]),
    ).toEqual([]);
  });

  it('the control plane imports nothing of http or routes, http nothing of routes', () => {
    expect(
      importsBetween(product, 'src/server/control', ['src/server/http', 'src/server/routes']),
    ).toEqual([]);
    expect(importsBetween(product, 'src/server/http', ['src/server/routes'])).toEqual([]);
  });

  it('the store imports nothing above it', () => {
    expect(
      importsBetween(product, 'src/server/store', [
        'src/server/domain',
        'src/server/control',
        'src/server/http',
        'src/server/routes',
      ]),
    ).toEqual([]);
  });

  it('product code imports no test-only module (so no build ships one)', () => {
    const intoTests = [...product].flatMap(([file, imports]) =>
      imports.filter(isTestOnly).map((target) => `${file} → ${target}`),
    );
    expect(intoTests).toEqual([]);
  });
});
