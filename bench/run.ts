/**
 * npm run bench [-- --quick] [-- --only=size,startup,outside,throughput,dpop,memory,renewal,diagnosis] [-- --merge]
 *
 * Runs each benchmark with its baselines in the same run, writes bench/results/<time>.json,
 * latest.json and latest.md (the summary with charts), and prints where they are. --merge keeps
 * latest.json's other parts (each part's baselines are always from the part's own run).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runDiagnosis } from './diagnosis.ts';
import { runDpopToken } from './dpopToken.ts';
import { BENCH_DIR, ROOT } from './lib/processes.ts';
import { type BenchResults, renderMarkdown } from './lib/report.ts';
import { runMemory } from './memory.ts';
import { runOutside } from './outside.ts';
import { runSilentRenewal } from './silentRenewal.ts';
import { runSpaSize } from './spaSize.ts';
import { runStartup } from './startup.ts';
import { runThroughput } from './throughput.ts';

const PARTS = [
  'size',
  'startup',
  'outside',
  'throughput',
  'dpop',
  'memory',
  'renewal',
  'diagnosis',
] as const;
type Part = (typeof PARTS)[number];

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    merge: { type: 'boolean', default: false },
    only: { type: 'string' },
    out: { type: 'string', default: join(BENCH_DIR, 'results') },
  },
});
const quick = values.quick ?? false;
const only = new Set(
  (values.only ?? PARTS.join(',')).split(',').map((part) => part.trim()) as Part[],
);
for (const part of only) {
  if (!PARTS.includes(part)) throw new Error(`--only: no part "${part}" (${PARTS.join(', ')})`);
}

/** Full: the figures the README quotes. Quick: the same code paths in a few minutes less. */
const settings = quick
  ? {
      throughput: { rounds: 1, durationSeconds: 2, connections: 10, codes: 300 },
      dpop: { rounds: 1, durationSeconds: 2, connections: 10 },
      startup: { cliRuns: 3, inProcessRuns: 8 },
      outside: { rounds: 1, warmupSeconds: 1, durationSeconds: 3, connections: 20 },
      memory: { signIns: 2_000, sampleEvery: 500 },
      renewal: { renewals: 20 },
      diagnosis: { samples: 5, sdkSamples: 2, sdkCapSeconds: 12 },
    }
  : {
      throughput: { rounds: 3, durationSeconds: 5, connections: 10, codes: 2_000 },
      dpop: { rounds: 3, durationSeconds: 5, connections: 10 },
      startup: { cliRuns: 7, inProcessRuns: 21 },
      // As the outside benchmark measured: fresh instances, 2 s warm-up, 10 s, 20 connections.
      outside: { rounds: 3, warmupSeconds: 2, durationSeconds: 10, connections: 20 },
      memory: { signIns: 10_000, sampleEvery: 1_000 },
      renewal: { renewals: 100 },
      diagnosis: { samples: 20, sdkSamples: 5, sdkCapSeconds: 15 },
    };

const log = (line: string) => process.stdout.write(`${line}\n`);
const git = (...args: string[]) => {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
};
const versionOf = (name: string): string =>
  JSON.parse(readFileSync(resolve(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;

const results: BenchResults = {
  run: {
    startedAt: new Date().toISOString(),
    finishedAt: '',
    commit: `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain') ? ' + uncommitted changes' : ''}`,
    node: process.versions.node,
    cpu: cpus()[0]?.model ?? 'unknown CPU',
    cores: cpus().length,
    load: {},
    options: { quick, ...settings },
    peers: {
      'oauth2-mock-server': versionOf('oauth2-mock-server'),
      'oidc-provider': versionOf('oidc-provider'),
      autocannon: versionOf('autocannon'),
    },
  },
  errors: {},
};

async function part<K extends keyof BenchResults>(
  name: Part,
  key: K,
  title: string,
  run: () => Promise<BenchResults[K]>,
): Promise<void> {
  if (!only.has(name)) return;
  log(`${title}…`);
  const before = loadavg()[0] ?? 0;
  const started = performance.now();
  try {
    results[key] = await run();
  } catch (error) {
    results.errors[name] = error instanceof Error ? (error.stack ?? error.message) : String(error);
    log(`  failed: ${results.errors[name]}`);
  }
  results.run.load[name] = [before, loadavg()[0] ?? 0];
  log(`  (${((performance.now() - started) / 1000).toFixed(0)} s)`);
}

await part('size', 'spaSize', 'SPA size', () => runSpaSize({ log }));
await part('startup', 'startup', 'Start-up', () => runStartup({ ...settings.startup, log }));
await part('outside', 'outside', 'The outside benchmark, reproduced', () =>
  runOutside({ ...settings.outside, log }),
);
await part('throughput', 'throughput', 'Server throughput', () =>
  runThroughput({ ...settings.throughput, log }),
);
await part('dpop', 'dpopToken', 'Token endpoint with a DPoP proof', () =>
  runDpopToken({ ...settings.dpop, log }),
);
await part('memory', 'memory', 'Memory', () => runMemory({ ...settings.memory, log }));
await part('renewal', 'silentRenewal', 'Silent renewal in Chromium', () =>
  runSilentRenewal({ ...settings.renewal, log }),
);
await part('diagnosis', 'diagnosis', 'Time to each diagnosis in Chromium', () =>
  runDiagnosis({ ...settings.diagnosis, log }),
);
results.run.finishedAt = new Date().toISOString();

const outDir = resolve(values.out ?? join(BENCH_DIR, 'results'));
mkdirSync(outDir, { recursive: true });
if (values.merge && existsSync(join(outDir, 'latest.json'))) {
  const previous = JSON.parse(readFileSync(join(outDir, 'latest.json'), 'utf8')) as BenchResults;
  const keys = [
    'spaSize',
    'startup',
    'outside',
    'throughput',
    'dpopToken',
    'memory',
    'silentRenewal',
    'diagnosis',
  ] as const;
  const partOf = {
    spaSize: 'size',
    startup: 'startup',
    outside: 'outside',
    throughput: 'throughput',
    dpopToken: 'dpop',
    memory: 'memory',
    silentRenewal: 'renewal',
    diagnosis: 'diagnosis',
  } as const;
  for (const key of keys) {
    if (only.has(partOf[key]) || previous[key] === undefined) continue;
    Object.assign(results, { [key]: previous[key] });
    results.run.load[partOf[key]] = previous.run.load[partOf[key]] ?? [Number.NaN, Number.NaN];
    if (previous.errors[partOf[key]])
      results.errors[partOf[key]] = previous.errors[partOf[key]] ?? '';
  }
  results.run.startedAt = `${previous.run.startedAt} (${[...only].join(', ')} re-run ${results.run.startedAt})`;
}
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const json = `${JSON.stringify(results, null, 2)}\n`;
writeFileSync(join(outDir, `${stamp}.json`), json);
writeFileSync(join(outDir, 'latest.json'), json);
const markdown = renderMarkdown(results);
writeFileSync(join(outDir, 'latest.md'), markdown);
log(`\n${markdown}`);
log(`Results: ${join(outDir, `${stamp}.json`)}, ${join(outDir, 'latest.md')}`);
process.exit(Object.keys(results.errors).length > 0 ? 1 : 0);
