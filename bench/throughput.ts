/**
 * Server throughput and latency: every case against every server, round-robin so that drift on
 * a noisy machine hits all servers alike, medians of the rounds. Each server is a child process
 * on core 0, the load generator (autocannon) a child on core 1, the RS256 ceiling measured on
 * core 0 in every round too.
 */

import { canPin, LOAD_CORE, SERVER_CORE, startWorker, type Worker } from './lib/processes.ts';
import { median } from './lib/stats.ts';
import { TARGETS } from './lib/targets.ts';
import type { LoadResult, LoadRun } from './loadProcess.ts';
import { CASES, type CaseName } from './targets/target.ts';

export interface ThroughputOptions {
  rounds: number;
  durationSeconds: number;
  connections: number;
  /**
   * The fewest single-use codes minted before each code-exchange run; more when the warm-up
   * shows the server would use them up before the run's duration.
   */
  codes: number;
  log(line: string): void;
}

export interface CaseFigures {
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  jwtsPerAnswer: number;
  /**
   * Signatures per second over the machine's RS256 ceiling measured just before the run (token
   * cases): the median over the rounds.
   */
  fractionOfCeiling: number | null;
  rounds: LoadResult[];
}

export interface ThroughputReport {
  pinned: boolean;
  options: Omit<ThroughputOptions, 'log'>;
  /** Medians of the ceiling measured before every token-case run (jose's: once a round). */
  ceiling: { rawPerSecond: number; josePerSecond: number; samples: number[] };
  /** figures[case][target] */
  figures: Record<string, Record<string, CaseFigures | { unsupported: string }>>;
  notes: Record<string, Record<string, string>>;
}

export async function runThroughput(options: ThroughputOptions): Promise<ThroughputReport> {
  const { log } = options;
  const servers = new Map<string, { worker: Worker; url: string }>();
  const workers: Worker[] = [];
  try {
    for (const target of TARGETS) {
      const worker = await startWorker('serverProcess.ts', {
        core: SERVER_CORE,
        args: [target.name],
      });
      workers.push(worker);
      servers.set(target.name, { worker, url: await worker.request<string>('url') });
    }
    const load = await startWorker('loadProcess.ts', { core: LOAD_CORE });
    workers.push(load);
    const ceilingWorker = await startWorker('ceilingProcess.ts', { core: SERVER_CORE });
    workers.push(ceilingWorker);

    const notes: ThroughputReport['notes'] = {};
    for (const [name, { url }] of servers) {
      const prepared = await load.request<{ notes: Record<string, string> }>('prepare', {
        target: name,
        url,
      });
      for (const [caseName, note] of Object.entries(prepared.notes)) {
        notes[caseName] = { ...notes[caseName], [name]: note };
      }
    }

    // A case that fails on one server is reported as such; the other cases and servers go on.
    const runCase = (name: string, caseName: CaseName, durationSeconds: number, codes: number) =>
      load
        .request<LoadResult | { unsupported: string }>(
          'run',
          {
            target: name,
            url: servers.get(name)?.url ?? '',
            case: caseName,
            durationSeconds,
            connections: options.connections,
            codes,
          } satisfies LoadRun,
          600_000,
        )
        .catch((error: Error) => ({ unsupported: `failed: ${error.message.split('\n')[0]}` }));

    const isTokenCase = (caseName: CaseName) =>
      caseName === 'code_exchange' || caseName === 'client_credentials' || caseName === 'refresh';
    const codePool = new Map<string, number>();
    log('  warm-up (1 s per case and server)');
    for (const caseName of CASES) {
      for (const name of servers.keys()) {
        const warm = await runCase(name, caseName, 1, 1_500);
        if (caseName === 'code_exchange' && !('unsupported' in warm)) {
          // Three times what the warm-up suggests: later rounds may well be faster.
          const enough = Math.ceil(warm.requestsPerSecond * options.durationSeconds * 3) + 200;
          codePool.set(name, Math.min(30_000, Math.max(options.codes, enough)));
        }
      }
    }

    const results: Record<string, Record<string, (LoadResult | { unsupported: string })[]>> = {};
    const fractions: Record<string, Record<string, number[]>> = {};
    const rawCeilings: number[] = [];
    const joseCeilings: number[] = [];
    const measureCeiling = async (jose = false) => {
      const measured = await ceilingWorker.request<{
        rawPerSecond: number;
        josePerSecond: number | null;
      }>('measure', { ms: jose ? 2_000 : 1_000, jose });
      rawCeilings.push(measured.rawPerSecond);
      if (measured.josePerSecond !== null) joseCeilings.push(measured.josePerSecond);
      return measured.rawPerSecond;
    };
    for (let round = 1; round <= options.rounds; round++) {
      const ceiling = await measureCeiling(true);
      log(`  round ${round}/${options.rounds}: RS256 ceiling ${Math.round(ceiling)}/s`);
      for (const caseName of CASES) {
        for (const name of servers.keys()) {
          // The ceiling right before each token run: the machine's load drifts within a round.
          const adjacentCeiling = isTokenCase(caseName) ? await measureCeiling() : undefined;
          const result = await runCase(
            name,
            caseName,
            options.durationSeconds,
            codePool.get(name) ?? options.codes,
          );
          const byTarget = results[caseName] ?? {};
          byTarget[name] = [...(byTarget[name] ?? []), result];
          results[caseName] = byTarget;
          if (adjacentCeiling && !('unsupported' in result) && result.jwtsPerAnswer > 0) {
            const byName = fractions[caseName] ?? {};
            byName[name] = [
              ...(byName[name] ?? []),
              (result.requestsPerSecond * result.jwtsPerAnswer) / adjacentCeiling,
            ];
            fractions[caseName] = byName;
          }
          log(
            `    ${caseName.padEnd(18)} ${name.padEnd(18)} ${
              'unsupported' in result
                ? `n/a (${result.unsupported})`
                : `${Math.round(result.requestsPerSecond)} req/s, p50 ${result.latencyP50Ms} ms${
                    adjacentCeiling ? `, ceiling ${Math.round(adjacentCeiling)}/s` : ''
                  }${
                    Object.keys(result.unexpected).length > 0 || result.errors > 0
                      ? `, unexpected ${JSON.stringify(result.unexpected)} errors ${result.errors}`
                      : ''
                  }`
            }`,
          );
        }
      }
    }

    const ceiling = {
      rawPerSecond: median(rawCeilings),
      josePerSecond: median(joseCeilings),
      samples: rawCeilings,
    };
    const figures: ThroughputReport['figures'] = {};
    for (const [caseName, byTarget] of Object.entries(results)) {
      figures[caseName] = {};
      for (const [name, rounds] of Object.entries(byTarget)) {
        const measured = rounds.filter((r): r is LoadResult => !('unsupported' in r));
        const unsupported = rounds.find((r) => 'unsupported' in r);
        if (measured.length === 0 && unsupported && 'unsupported' in unsupported) {
          figures[caseName][name] = { unsupported: unsupported.unsupported };
          continue;
        }
        const requestsPerSecond = median(measured.map((r) => r.requestsPerSecond));
        const jwtsPerAnswer = measured[0]?.jwtsPerAnswer ?? 0;
        figures[caseName][name] = {
          requestsPerSecond,
          latencyP50Ms: median(measured.map((r) => r.latencyP50Ms)),
          latencyP99Ms: median(measured.map((r) => r.latencyP99Ms)),
          jwtsPerAnswer,
          fractionOfCeiling: fractions[caseName]?.[name]
            ? median(fractions[caseName]?.[name] ?? [])
            : null,
          rounds: measured,
        };
      }
    }
    return {
      pinned: canPin,
      options: {
        rounds: options.rounds,
        durationSeconds: options.durationSeconds,
        connections: options.connections,
        codes: options.codes,
      },
      ceiling,
      figures,
      notes,
    };
  } finally {
    for (const [, { worker }] of servers) await worker.request('stop').catch(() => undefined);
    await Promise.all(workers.map((w) => w.stop()));
  }
}
