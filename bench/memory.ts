/**
 * Memory: the server's heap and RSS over 10,000 sign-ins over loopback with sessions expiring
 * (they must level off), beside the same run with sessions that outlive it (the baseline: what
 * growth looks like). Over sockets, as the server runs: in-process app.request() bodies go
 * another way (see the report).
 */

import { LOAD_CORE, SERVER_CORE, startWorker, type Worker } from './lib/processes.ts';
import type { MemorySample } from './memoryProcess.ts';

export interface MemoryOptions {
  signIns: number;
  sampleEvery: number;
  log(line: string): void;
}

export interface MemoryRun {
  sessionSeconds: number | null;
  samples: MemorySample[];
  seconds: number;
  /** Heap growth over the second half of the run, in MB, and as a share of the first half's. */
  secondHalfGrowthMb: number;
  firstHalfGrowthMb: number;
  /** Heap growth over the second half, fitted: MB per 1,000 sign-ins. */
  secondHalfSlope: number;
  levelsOff: boolean;
}

export interface MemoryReport {
  expiring: MemoryRun;
  baseline: MemoryRun;
}

/** Least-squares slope of heap over sign-ins, in MB per 1,000 sign-ins. */
function slopePerThousand(samples: MemorySample[]): number {
  const n = samples.length;
  if (n < 2) return Number.NaN;
  const meanX = samples.reduce((t, s) => t + s.signIns, 0) / n;
  const meanY = samples.reduce((t, s) => t + s.heapUsedMb, 0) / n;
  let covariance = 0;
  let variance = 0;
  for (const s of samples) {
    covariance += (s.signIns - meanX) * (s.heapUsedMb - meanY);
    variance += (s.signIns - meanX) ** 2;
  }
  return (covariance / variance) * 1000;
}

/** Levelled off: over the second half, the heap grows by under 0.2 MB per 1,000 sign-ins. */
const LEVEL_SLOPE_MB_PER_THOUSAND = 0.2;

function verdict(samples: MemorySample[]) {
  const first = samples[0];
  const middleIndex = Math.floor((samples.length - 1) / 2);
  const middle = samples[middleIndex];
  const last = samples[samples.length - 1];
  if (!first || !middle || !last) {
    return {
      firstHalfGrowthMb: 0,
      secondHalfGrowthMb: 0,
      secondHalfSlope: Number.NaN,
      levelsOff: false,
    };
  }
  const secondHalfSlope = slopePerThousand(samples.slice(middleIndex));
  return {
    firstHalfGrowthMb: middle.heapUsedMb - first.heapUsedMb,
    secondHalfGrowthMb: last.heapUsedMb - middle.heapUsedMb,
    secondHalfSlope,
    levelsOff: secondHalfSlope < LEVEL_SLOPE_MB_PER_THOUSAND,
  };
}

/**
 * One run: sign-ins in batches from the load process (a new browser each: a new session), the
 * server's clock moved one second per sign-in after each batch, a sample every `sampleEvery`.
 */
async function runOnce(
  options: MemoryOptions,
  load: Worker,
  sessionSeconds: number | undefined,
): Promise<MemoryRun> {
  const server = await startWorker('memoryProcess.ts', {
    core: SERVER_CORE,
    args: [sessionSeconds === undefined ? 'default' : String(sessionSeconds)],
    env: { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --expose-gc`.trim() },
  });
  try {
    const url = await server.request<string>('url');
    const started = performance.now();
    const samples = [await server.request<MemorySample>('sample', { signIns: 0 })];
    const batch = Math.min(100, options.sampleEvery);
    for (let done = 0; done < options.signIns; ) {
      const count = Math.min(batch, options.signIns - done);
      await load.request('signIns', { url, count, concurrency: 4 }, 600_000);
      done += count;
      await server.request('advance', { ms: count * 1_000 });
      if (done % options.sampleEvery === 0 || done === options.signIns) {
        samples.push(await server.request<MemorySample>('sample', { signIns: done }));
      }
    }
    const seconds = (performance.now() - started) / 1000;
    return { sessionSeconds: sessionSeconds ?? null, samples, seconds, ...verdict(samples) };
  } finally {
    await server.stop();
  }
}

export async function runMemory(options: MemoryOptions): Promise<MemoryReport> {
  const load = await startWorker('loadProcess.ts', { core: LOAD_CORE });
  try {
    return await runBoth(options, load);
  } finally {
    await load.stop();
  }
}

async function runBoth(options: MemoryOptions, load: Worker): Promise<MemoryReport> {
  const expiring = await runOnce(options, load, 300);
  options.log(
    `  sessions of 300 s, tokens of 600 s (clock +1 s per sign-in): heap +${expiring.firstHalfGrowthMb.toFixed(1)} MB, then ${expiring.secondHalfSlope.toFixed(2)} MB per 1,000 sign-ins; RSS ${expiring.samples.at(-1)?.rssMb.toFixed(0)} MB (${expiring.seconds.toFixed(0)} s)`,
  );
  const baseline = await runOnce(options, load, undefined);
  options.log(
    `  sessions outliving the run (baseline): heap +${baseline.firstHalfGrowthMb.toFixed(1)} MB, then ${baseline.secondHalfSlope.toFixed(2)} MB per 1,000 sign-ins; RSS ${baseline.samples.at(-1)?.rssMb.toFixed(0)} MB`,
  );
  return { expiring, baseline };
}
