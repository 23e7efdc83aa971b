/**
 * The relative imports between the TypeScript files under a folder, type-only ones included
 * (a loop of types is still a loop a reader has to untie), read from the source text.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** Repository-relative path (`src/server/domain/domain.ts`) → the paths it imports. */
export type ImportGraph = Map<string, string[]>;

// `import … from '…'`, `export … from '…'`, `import '…'` and `import('…')`; specifiers in this
// code base always name the file with its extension.
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"?]+)(?:\?[^'"]*)?['"]/g;

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

export function importGraph(root: string, folder = 'src'): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const file of sourceFiles(resolve(root, folder))) {
    const imports = new Set<string>();
    for (const [, specifier = ''] of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const target = resolve(dirname(file), specifier);
      if (/\.tsx?$/.test(target) && existsSync(target)) imports.add(relative(root, target));
    }
    graph.set(relative(root, file), [...imports].sort());
  }
  return graph;
}

/**
 * The import loops a depth-first walk meets, each as the files around it (the first repeated at
 * the end): none exactly when the graph has no loop.
 */
export function findCycles(graph: ImportGraph): string[][] {
  const cycles: string[][] = [];
  const done = new Set<string>();
  const onPath: string[] = [];
  const visit = (file: string) => {
    const at = onPath.indexOf(file);
    if (at !== -1) {
      cycles.push([...onPath.slice(at), file]);
      return;
    }
    if (done.has(file)) return;
    onPath.push(file);
    for (const next of graph.get(file) ?? []) visit(next);
    onPath.pop();
    done.add(file);
  };
  for (const file of [...graph.keys()].sort()) visit(file);
  return cycles;
}

/** Tests and the modules only tests import (`testSupport/`, `testSupport.ts`). */
export const isTestOnly = (file: string): boolean =>
  /\.(test|spec)\.tsx?$/.test(file) || /(^|\/)testSupport(\/|\.ts$)/.test(file);

/** `from → to` for each import of a file under `from` that lands under one of `forbidden`. */
export function importsBetween(
  graph: ImportGraph,
  from: string,
  forbidden: readonly string[],
): string[] {
  const under = (file: string, folder: string) => file.startsWith(`${folder}/`);
  return [...graph]
    .filter(([file]) => under(file, from))
    .flatMap(([file, imports]) =>
      imports
        .filter((target) => forbidden.some((folder) => under(target, folder)))
        .map((target) => `${file} → ${target}`),
    );
}
