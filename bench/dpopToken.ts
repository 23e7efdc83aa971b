/**
 * The token endpoint with a DPoP proof (one ES256 verification and one RS256 signature per
 * answer), ours and oidc-provider's DPoP side by side in the same rounds: client_credentials
 * with a fresh proof per request, servers on the server core, the load on the other.
 */

import { M2M_CLIENT_ID, M2M_TEST_SECRET } from '../src/protocol/defaults.ts';
import type { DpopLoadResult, DpopLoadRun } from './dpopLoadProcess.ts';
import { LOAD_CORE, SERVER_CORE, startWorker, type Worker } from './lib/processes.ts';
import { median } from './lib/stats.ts';
import { API_AUDIENCE, FORM_HEADERS, formBody } from './targets/target.ts';

export interface DpopBenchOptions {
  rounds: number;
  durationSeconds: number;
  connections: number;
  log(line: string): void;
}

export interface DpopBenchReport {
  options: Omit<DpopBenchOptions, 'log'>;
  /** Medians over the rounds, per server. */
  figures: Record<string, { requestsPerSecond: number; latencyP50Ms: number; tokenType: string }>;
  /** Ours over oidc-provider: the median of the per-round ratios. */
  oursOverOidcProvider: number;
  rounds: Record<string, DpopLoadResult[]>;
}

const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

/** What each server is asked: the same grant and proof, at its own token path. */
const REQUESTS: Record<
  string,
  Omit<DpopLoadRun, 'url' | 'durationSeconds' | 'connections' | 'proofs'>
> = {
  'silent-auth-lab': {
    tokenPath: '/oauth/token',
    headers: { ...FORM_HEADERS, authorization: basic(M2M_CLIENT_ID, M2M_TEST_SECRET) },
    body: formBody({
      grant_type: 'client_credentials',
      audience: API_AUDIENCE,
      scope: 'read:profile',
    }),
  },
  // bench/targets/oidcProvider.ts's m2m client; DPoP is on by default in oidc-provider 9.
  'oidc-provider': {
    tokenPath: '/token',
    headers: {
      ...FORM_HEADERS,
      authorization: basic('bench-m2m', 'bench-m2m-secret-bench-m2m-secret'),
    },
    body: formBody({ grant_type: 'client_credentials', scope: 'read:profile' }),
  },
};

export async function runDpopToken(options: DpopBenchOptions): Promise<DpopBenchReport> {
  const workers: Worker[] = [];
  try {
    const urls = new Map<string, string>();
    for (const name of Object.keys(REQUESTS)) {
      const worker = await startWorker('serverProcess.ts', { core: SERVER_CORE, args: [name] });
      workers.push(worker);
      urls.set(name, await worker.request<string>('url'));
    }
    const load = await startWorker('dpopLoadProcess.ts', { core: LOAD_CORE });
    workers.push(load);
    const runOn = (name: string, durationSeconds: number) =>
      load.request<DpopLoadResult>(
        'run',
        {
          url: urls.get(name) ?? '',
          ...(REQUESTS[name] as (typeof REQUESTS)[string]),
          durationSeconds,
          connections: options.connections,
          // Well above what one core answers in that time (a few thousand a second at most).
          proofs: 6_000 * durationSeconds,
        } satisfies DpopLoadRun,
        600_000,
      );
    for (const name of urls.keys()) await runOn(name, 1);
    const rounds: Record<string, DpopLoadResult[]> = {};
    const ratios: number[] = [];
    for (let round = 1; round <= options.rounds; round++) {
      const inRound: Record<string, number> = {};
      for (const name of urls.keys()) {
        const result = await runOn(name, options.durationSeconds);
        rounds[name] = [...(rounds[name] ?? []), result];
        inRound[name] = result.requestsPerSecond;
        options.log(
          `  round ${round}: ${name.padEnd(16)} ${Math.round(result.requestsPerSecond)} req/s, p50 ${result.latencyP50Ms} ms, token_type ${result.tokenType}${
            Object.keys(result.unexpected).length > 0
              ? `, unexpected ${JSON.stringify(result.unexpected)}`
              : ''
          }`,
        );
      }
      ratios.push((inRound['silent-auth-lab'] ?? 0) / (inRound['oidc-provider'] ?? Number.NaN));
    }
    const figures: DpopBenchReport['figures'] = {};
    for (const [name, results] of Object.entries(rounds)) {
      figures[name] = {
        requestsPerSecond: median(results.map((r) => r.requestsPerSecond)),
        latencyP50Ms: median(results.map((r) => r.latencyP50Ms)),
        tokenType: results[0]?.tokenType ?? '',
      };
    }
    const oursOverOidcProvider = median(ratios);
    options.log(
      `  ours / oidc-provider (median of round ratios): ${oursOverOidcProvider.toFixed(2)}×`,
    );
    return {
      options: {
        rounds: options.rounds,
        durationSeconds: options.durationSeconds,
        connections: options.connections,
      },
      figures,
      oursOverOidcProvider,
      rounds,
    };
  } finally {
    await Promise.all(workers.map((worker) => worker.stop()));
  }
}
