/** The Markdown summary of one run: targets first, then each benchmark with a chart. */
import type { DiagnosisReport } from '../diagnosis.ts';
import type { DpopBenchReport } from '../dpopToken.ts';
import type { MemoryReport } from '../memory.ts';
import type { OutsideReport } from '../outside.ts';
import type { SilentRenewalReport } from '../silentRenewal.ts';
import type { SpaSizeReport } from '../spaSize.ts';
import type { StartupReport } from '../startup.ts';
import { FLOOR } from '../targets/nodeHttpFloor.ts';
import { CASE_LABELS, CASES } from '../targets/target.ts';
import type { CaseFigures, ThroughputReport } from '../throughput.ts';
import { diagnosisSection } from './diagnosisReport.ts';
import { outsideSection } from './outsideReport.ts';
import { median } from './stats.ts';

export interface RunInfo {
  startedAt: string;
  finishedAt: string;
  commit: string;
  node: string;
  cpu: string;
  cores: number;
  /** 1-minute load averages before and after each benchmark: how noisy the machine was. */
  load: Record<string, [number, number]>;
  options: Record<string, unknown>;
  peers: Record<string, string>;
}

export interface BenchResults {
  run: RunInfo;
  spaSize?: SpaSizeReport;
  startup?: StartupReport;
  throughput?: ThroughputReport;
  /** bench/dpopToken.ts: the token endpoint with a DPoP proof, ours and oidc-provider's. */
  dpopToken?: DpopBenchReport;
  memory?: MemoryReport;
  silentRenewal?: SilentRenewalReport;
  diagnosis?: DiagnosisReport;
  outside?: OutsideReport;
  errors: Record<string, string>;
}

const OURS = 'silent-auth-lab';
const int = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a');
const ms = (n: number, digits = 1) => (Number.isFinite(n) ? `${n.toFixed(digits)} ms` : 'n/a');
const times = (n: number) => (Number.isFinite(n) ? `${n.toFixed(2)}×` : 'n/a');
const pct = (n: number) => (Number.isFinite(n) ? `${(n * 100).toFixed(0)}%` : 'n/a');
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const verdict = (met: boolean | undefined) =>
  met === undefined ? '—' : met ? '✅ met' : '❌ below';

/** A horizontal bar chart in a code block, bars scaled to the largest value. */
function bars(rows: [string, number, string][], width = 36): string {
  const max = Math.max(...rows.map(([, value]) => (Number.isFinite(value) ? value : 0)), 1e-9);
  const label = Math.max(...rows.map(([name]) => name.length));
  return rows
    .map(([name, value, text]) => {
      const filled = Number.isFinite(value) ? Math.round((value / max) * width) : 0;
      return `${name.padEnd(label)}  ${'█'.repeat(filled)}${'░'.repeat(width - filled)}  ${text}`;
    })
    .join('\n');
}

const measured = (
  figure: CaseFigures | { unsupported: string } | undefined,
): CaseFigures | undefined => (figure && !('unsupported' in figure) ? figure : undefined);

/**
 * Ours over another server: the median of the ratios within each round (both measured minutes
 * apart at most), which the machine's drift between rounds moves far less than the ratio of
 * the two medians. Without paired rounds, the ratio of the medians.
 */
function roundRatio(ours: CaseFigures, other: CaseFigures): number {
  if (ours.rounds.length !== other.rounds.length || ours.rounds.length === 0) {
    return ours.requestsPerSecond / other.requestsPerSecond;
  }
  return median(
    ours.rounds.map(
      (round, i) => round.requestsPerSecond / (other.rounds[i]?.requestsPerSecond ?? Number.NaN),
    ),
  );
}

function bestPeer<T>(entries: [string, T][], score: (value: T) => number, higherIsBetter: boolean) {
  const peers = entries.filter(([name]) => !name.startsWith(OURS) && name !== FLOOR);
  peers.sort(([, a], [, b]) => (higherIsBetter ? score(b) - score(a) : score(a) - score(b)));
  return peers[0];
}

function targetsTable(results: BenchResults): string[] {
  const rows: string[] = [
    '| measure | ours | baseline in the same run | ours ÷ baseline | target | |',
    '|---|---|---|---|---|---|',
  ];
  const { startup, throughput, silentRenewal, spaSize, memory } = results;
  if (startup) {
    const ours = startup.cli[OURS];
    const peer = bestPeer(Object.entries(startup.cli), (v) => v.medianMs, false);
    if (ours && peer) {
      rows.push(
        `| command line → first discovery 200 | ${ms(ours.medianMs, 0)} | ${ms(peer[1].medianMs, 0)} (${peer[0]}) | ${times(ours.medianMs / peer[1].medianMs)} | ≤ 120 ms | ${verdict(ours.medianMs <= 120)} |`,
      );
    }
    const inProcess = startup.inProcess[OURS];
    const peerIn = bestPeer(Object.entries(startup.inProcess), (v) => v.medianStartMs, false);
    if (inProcess && peerIn) {
      rows.push(
        `| in-process start (construct + listen) | ${ms(inProcess.medianStartMs, 2)} | ${ms(peerIn[1].medianStartMs, 2)} (${peerIn[0]}) | ${times(inProcess.medianStartMs / peerIn[1].medianStartMs)} | ≤ 6 ms | ${verdict(inProcess.medianStartMs <= 6)} |`,
      );
    }
  }
  if (throughput) {
    const discovery = throughput.figures.discovery ?? {};
    const ours = measured(discovery[OURS]);
    const peer = bestPeer(
      Object.entries(discovery).filter(
        (e): e is [string, CaseFigures] => measured(e[1]) !== undefined,
      ),
      (v) => v.requestsPerSecond,
      true,
    );
    if (ours && peer) {
      const r = roundRatio(ours, peer[1]);
      rows.push(
        `| discovery GET | ${int(ours.requestsPerSecond)} req/s | ${int(peer[1].requestsPerSecond)} req/s (${peer[0]}) | ${times(r)} | ≥ best peer | ${verdict(r >= 1)} |`,
      );
    }
    const token = measured(throughput.figures.client_credentials?.[OURS]);
    if (token && token.fractionOfCeiling !== null) {
      rows.push(
        `| token endpoint issuing one RS256 JWT (client_credentials) | ${int(token.requestsPerSecond)} req/s | RS256 ceiling, median ${int(throughput.ceiling.rawPerSecond)} signatures/s | ${pct(token.fractionOfCeiling)} | ≥ 85% | ${verdict(token.fractionOfCeiling >= 0.85)} |`,
      );
    }
    const authorize = throughput.figures.authorize ?? {};
    const oursAuthorize = measured(authorize[OURS]);
    const peerAuthorize = measured(authorize['oidc-provider']);
    if (oursAuthorize) {
      rows.push(
        `| prompt=none authorize, live session → code | ${int(oursAuthorize.requestsPerSecond)} req/s | ${peerAuthorize ? `${int(peerAuthorize.requestsPerSecond)} req/s (oidc-provider)` : 'n/a'} | ${peerAuthorize ? times(roundRatio(oursAuthorize, peerAuthorize)) : 'n/a'} | ≥ 5,000 req/s | ${verdict(oursAuthorize.requestsPerSecond >= 5000)} |`,
      );
    }
  }
  if (silentRenewal) {
    const { floor } = silentRenewal;
    for (const [transport, t] of Object.entries(silentRenewal.transports)) {
      rows.push(
        `| silent renewal median (${transport}) | ${ms(t.medianMs)} | floor ${ms(floor.medianMs)} | ${times(t.medianOverFloor)} | ≤ 1.5× floor | ${verdict(t.medianOverFloor <= 1.5)} |`,
        `| silent renewal p95 (${transport}) | ${ms(t.p95Ms)} | floor ${ms(floor.p95Ms)} | ${times(t.p95OverFloor)} | ≤ 2× floor | ${verdict(t.p95OverFloor <= 2)} |`,
      );
    }
  }
  if (spaSize) {
    const { authLayer } = spaSize;
    rows.push(
      `| auth layer JS, gzipped | ${kb(authLayer.gzipBytes)} | budget ${kb(authLayer.budgetBytes)} | ${times(authLayer.gzipBytes / authLayer.budgetBytes)} | ≤ 25 KB | ${verdict(authLayer.gzipBytes <= authLayer.budgetBytes)} |`,
    );
  }
  if (memory) {
    const { expiring, baseline } = memory;
    const slope = (run: typeof expiring) =>
      run.secondHalfSlope === undefined ? 'n/a' : `${run.secondHalfSlope.toFixed(2)} MB`;
    rows.push(
      `| server heap growth per 1,000 sign-ins over the 2nd half of ${int(expiring.samples.at(-1)?.signIns ?? 0)} (fitted) | ${slope(expiring)} (RSS at the end ${expiring.samples.at(-1)?.rssMb.toFixed(0)} MB) | nothing expiring: ${slope(baseline)} | ${times((expiring.secondHalfSlope ?? Number.NaN) / (baseline.secondHalfSlope ?? Number.NaN))} | levels off (< 0.2 MB) | ${verdict(expiring.levelsOff)} |`,
    );
  }
  return rows;
}

/** What node:http alone reaches on the same work, next to ours: how much of the gap is ours. */
function floorsNote({ startup, throughput }: BenchResults): string[] {
  const parts: string[] = [];
  const cliFloor = startup?.cli[FLOOR];
  const cliOurs = startup?.cli[OURS];
  if (cliFloor && cliOurs) {
    parts.push(
      `command line → first 200: ${ms(cliFloor.medianMs, 0)} (ours ${ms(cliOurs.medianMs - cliFloor.medianMs, 0)} above it)`,
    );
  }
  for (const caseName of ['discovery', 'client_credentials'] as const) {
    const floor = measured(throughput?.figures[caseName]?.[FLOOR]);
    const ours = measured(throughput?.figures[caseName]?.[OURS]);
    if (!floor || !ours) continue;
    const ceiling =
      floor.fractionOfCeiling === null
        ? ''
        : `, ${pct(floor.fractionOfCeiling)} of the RS256 ceiling`;
    parts.push(
      `${CASE_LABELS[caseName]}: ${int(floor.requestsPerSecond)} req/s${ceiling} (ours ${pct(roundRatio(ours, floor))} of it)`,
    );
  }
  if (parts.length === 0) return [];
  return [
    `Floors in the same run — node:http doing only the case's own work (bench/peers/nodeHttpFloor.mjs; not a peer, the bound these machines set): ${parts.join('; ')}.`,
    '',
  ];
}

function throughputSection(t: ThroughputReport): string[] {
  const lines = [
    '## Server throughput and latency',
    '',
    `Loopback, ${t.options.connections} connections, ${t.options.rounds} round(s) of ${t.options.durationSeconds} s per case after a 1 s warm-up (code exchange: single-use codes minted before each run, enough for it — at least ${t.options.codes}), servers and cases interleaved; medians of the rounds. "ours ÷ this" is the median of the ratios within each round. ${t.pinned ? 'Servers pinned to core 0, load generator (autocannon) to core 1 (taskset).' : 'Not pinned (no taskset or one core).'}`,
    '',
    `RS256 ceiling on the servers' core, measured for 1 s right before every token-case run: median **${int(t.ceiling.rawPerSecond)} signatures/s** (node:crypto, 2048-bit key; range ${int(Math.min(...t.ceiling.samples))}–${int(Math.max(...t.ceiling.samples))}; jose SignJWT one after another: ${int(t.ceiling.josePerSecond)}/s). "% of ceiling" = answers/s × JWTs per answer ÷ the ceiling measured just before that run (median over rounds).`,
    '',
    '| case | server | req/s | p50 | p99 | JWTs | % of ceiling | ours ÷ this |',
    '|---|---|---|---|---|---|---|---|',
  ];
  const charts: string[] = [];
  for (const caseName of CASES) {
    const byTarget = t.figures[caseName] ?? {};
    const ours = measured(byTarget[OURS]);
    const chartRows: [string, number, string][] = [];
    for (const [name, figure] of Object.entries(byTarget)) {
      const f = measured(figure);
      if (!f) {
        lines.push(
          `| ${CASE_LABELS[caseName]} | ${name} | n/a: ${'unsupported' in (figure ?? {}) ? (figure as { unsupported: string }).unsupported : ''} | | | | | |`,
        );
        continue;
      }
      const note = t.notes[caseName]?.[name];
      lines.push(
        `| ${CASE_LABELS[caseName]} | ${name}${note ? ` ¹` : ''} | ${int(f.requestsPerSecond)} | ${ms(f.latencyP50Ms, 0)} | ${ms(f.latencyP99Ms, 0)} | ${f.jwtsPerAnswer || ''} | ${f.fractionOfCeiling === null ? '' : pct(f.fractionOfCeiling)} | ${name === OURS || !ours ? '' : times(roundRatio(ours, f))} |`,
      );
      chartRows.push([name, f.requestsPerSecond, `${int(f.requestsPerSecond)} req/s`]);
    }
    if (chartRows.length > 0) charts.push(`${CASE_LABELS[caseName]}\n${bars(chartRows)}`);
  }
  lines.push('', '```', charts.join('\n\n'), '```', '');
  const notes = Object.entries(t.notes).flatMap(([caseName, byTarget]) =>
    Object.entries(byTarget).map(
      ([name, note]) =>
        `- ¹ ${name}, ${CASE_LABELS[caseName as keyof typeof CASE_LABELS] ?? caseName}: ${note}`,
    ),
  );
  if (notes.length > 0) lines.push('Where a server does other work than ours:', '', ...notes, '');
  return lines;
}

function startupSection(s: StartupReport): string[] {
  const lines = [
    '## Start-up',
    '',
    '| command line | → first discovery 200, median | runs |',
    '|---|---|---|',
    ...Object.entries(s.cli).map(
      ([name, c]) =>
        `| ${name}: \`${c.shown}\` | ${ms(c.medianMs, 0)} | ${c.runsMs.map((v) => v.toFixed(0)).join(', ')} |`,
    ),
    '',
    '| in-process | construct + listen, median (warm) | first start in the process | to first discovery 200 | module imports |',
    '|---|---|---|---|---|',
    ...Object.entries(s.inProcess).map(
      ([name, v]) =>
        `| ${name === OURS ? 'silent-auth-lab `startAuthServer()`' : name} | ${ms(v.medianStartMs, 2)} | ${ms(v.coldStartMs)} | ${ms(v.medianFirstDiscoveryMs)} | ${ms(v.importMs, 0)} |`,
    ),
    '',
    '```',
    `command line → first discovery 200\n${bars(Object.entries(s.cli).map(([name, c]) => [name, c.medianMs, ms(c.medianMs, 0)]))}`,
    '```',
    '',
  ];
  return lines;
}

function renewalSection(r: SilentRenewalReport): string[] {
  const rows: [string, number, string][] = [
    [
      'floor (iframe → one postMessage)',
      r.floor.medianMs,
      `${ms(r.floor.medianMs)} (p95 ${ms(r.floor.p95Ms)})`,
    ],
    ...Object.entries(r.transports).map(([name, t]): [string, number, string] => [
      name,
      t.medianMs,
      `${ms(t.medianMs)} (p95 ${ms(t.p95Ms)}) = ${times(t.medianOverFloor)} floor`,
    ]),
  ];
  return [
    '## Silent renewal in headless Chromium',
    '',
    `${r.browser}; ${r.floor.samplesMs.length} renewals per transport through the SPA's "Renew now" button (durations as the auth store records them: renewal start to new tokens), in blocks of 10 alternating with 10 loads of the floor page: a hidden iframe to a static page on the authorization server's origin that posts one message back.`,
    '',
    '| | median | p95 | median ÷ floor | p95 ÷ floor | failed |',
    '|---|---|---|---|---|---|',
    `| floor | ${ms(r.floor.medianMs)} | ${ms(r.floor.p95Ms)} | 1.00× | 1.00× | |`,
    ...Object.entries(r.transports).map(
      ([name, t]) =>
        `| ${name} | ${ms(t.medianMs)} | ${ms(t.p95Ms)} | ${times(t.medianOverFloor)} | ${times(t.p95OverFloor)} | ${t.failures} |`,
    ),
    '',
    '```',
    bars(rows),
    '```',
    '',
  ];
}

function sizeSection(s: SpaSizeReport): string[] {
  return [
    '## SPA size',
    '',
    '| | gzipped (level 9) | raw | files |',
    '|---|---|---|---|',
    `| initial route (index.html's module scripts) | ${kb(s.initialRoute.gzipBytes)} | ${kb(s.initialRoute.bytes)} | ${s.initialRoute.files.map((f) => f.file).join(', ')} |`,
    `| all JS of the build | ${kb(s.allJs.gzipBytes)} | ${kb(s.allJs.bytes)} | ${s.allJs.files.length} |`,
    `| auth layer alone, as a code-flow session loads it (src/auth/startAuth.ts, its static imports, the lazy chunk with oidc-client-ts; zustand bundled, React excluded) | ${kb(s.authLayer.gzipBytes)} | ${kb(s.authLayer.bytes)} | ${s.authLayer.files.map((f) => f.file).join(', ')}; budget ${kb(s.authLayer.budgetBytes)}, asserted by scripts/spaSize.test.ts |`,
    ...(s.authLayerAll
      ? [
          `| auth layer, every chunk (lazy ones for other lab choices, e.g. the implicit client with jose) | ${kb(s.authLayerAll.gzipBytes)} | ${kb(s.authLayerAll.bytes)} | ${s.authLayerAll.files.length} |`,
        ]
      : []),
    '',
  ];
}

function memorySection(m: MemoryReport): string[] {
  const chart = (run: MemoryReport['expiring']) =>
    bars(
      run.samples.map((s) => [
        `${int(s.signIns)} sign-ins`,
        s.heapUsedMb,
        `heap ${s.heapUsedMb.toFixed(1)} MB, RSS ${s.rssMb.toFixed(0)} MB`,
      ]),
    );
  return [
    '## Memory',
    '',
    `Our server on loopback (its own process, core 0) signed into ${int(m.expiring.samples.at(-1)?.signIns ?? 0)} times by the load process, each a new browser (new session: authorize, hosted login, code exchange), the server's clock moved 1 s per sign-in. Heap after a full GC and RSS, sampled as it goes. Levels off: over the second half the heap grows by < 0.2 MB per 1,000 sign-ins (least-squares fit; one session costs about 1 KB, so the baseline grows by about 1 MB per 1,000).`,
    '',
    `Sessions of 300 s, tokens of 600 s (used codes are kept as long as their tokens, to revoke them on a replay): ${m.expiring.levelsOff ? 'levels off' : 'does **not** level off'} (+${m.expiring.firstHalfGrowthMb.toFixed(1)} MB over the first half, then ${m.expiring.secondHalfSlope?.toFixed(2)} MB per 1,000 sign-ins; ${m.expiring.seconds.toFixed(0)} s)`,
    '```',
    chart(m.expiring),
    '```',
    `Baseline, same run — defaults (sessions of 3 days, tokens of a day: nothing expires within the run): +${m.baseline.firstHalfGrowthMb.toFixed(1)} MB over the first half, then ${m.baseline.secondHalfSlope?.toFixed(2)} MB per 1,000 sign-ins`,
    '```',
    chart(m.baseline),
    '```',
    '',
  ];
}

export function renderMarkdown(results: BenchResults): string {
  const { run } = results;
  const lines = [
    '# Benchmark results',
    '',
    `\`npm run bench\` on ${run.startedAt} (commit ${run.commit}), Node ${run.node}, ${run.cpu} × ${run.cores}. Peers: ${Object.entries(
      run.peers,
    )
      .map(([name, version]) => `${name} ${version}`)
      .join(', ')}.`,
    `Machine load (1-min average, before → after each part): ${Object.entries(run.load)
      .map(([name, [a, b]]) => `${name} ${a.toFixed(1)} → ${b.toFixed(1)}`)
      .join(
        '; ',
      )}. These machines are noisy: read ratios to the baselines of the same run, not lone figures.`,
    '',
    '## Against the targets',
    '',
    ...targetsTable(results),
    '',
    ...floorsNote(results),
  ];
  if (results.throughput) lines.push(...throughputSection(results.throughput));
  if (results.startup) lines.push(...startupSection(results.startup));
  if (results.outside) lines.push(...outsideSection(results.outside));
  if (results.silentRenewal) lines.push(...renewalSection(results.silentRenewal));
  if (results.diagnosis) lines.push(...diagnosisSection(results.diagnosis));
  if (results.spaSize) lines.push(...sizeSection(results.spaSize));
  if (results.memory) lines.push(...memorySection(results.memory));
  const errors = Object.entries(results.errors);
  if (errors.length > 0) {
    lines.push(
      '## Failed',
      '',
      ...errors.map(([name, error]) => `- ${name}: ${error.split('\n')[0]}`),
      '',
    );
  }
  return `${lines.join('\n')}\n`;
}
