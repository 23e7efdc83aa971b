/** The Markdown section of the outside benchmark (bench/outside.ts): per round, per second. */
import type { InstanceFigures, OutsideReport } from '../outside.ts';
import type { SecondsResult } from '../outsideLoadProcess.ts';
import { FLOOR } from '../targets/nodeHttpFloor.ts';
import { median } from './stats.ts';

const OURS = 'silent-auth-lab';
const int = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a');
const times = (n: number) => (Number.isFinite(n) ? `${n.toFixed(2)}×` : 'n/a');

const rate = (r: SecondsResult | undefined) =>
  r
    ? `${int(median(r.perSecond))} (${int(Math.min(...r.perSecond))}–${int(Math.max(...r.perSecond))}), ${r.cpuMicrosPerRequest.toFixed(1)} µs${r.non2xx + r.errors > 0 ? `, ${r.non2xx} non-2xx, ${r.errors} errors` : ''}`
    : 'n/a';

const peersOf = (round: Record<string, InstanceFigures>) =>
  Object.entries(round).filter(([name]) => name !== OURS && name !== FLOOR);

/** Ours over the best peer of the round, second by second: the median, first and lowest ratio. */
function secondRatios(round: Record<string, InstanceFigures>, key: 'discovery' | 'jwks') {
  const ours = round[OURS]?.[key];
  const best = peersOf(round)
    .map(([name, figures]) => [name, figures[key]] as const)
    .filter((entry): entry is readonly [string, SecondsResult] => entry[1] !== undefined)
    .sort(([, a], [, b]) => median(b.perSecond) - median(a.perSecond))[0];
  if (!ours || !best) return undefined;
  const [peer, theirs] = best;
  const seconds = Math.min(ours.perSecond.length, theirs.perSecond.length);
  const ratios = Array.from(
    { length: seconds },
    (_, i) => (ours.perSecond[i] ?? 0) / (theirs.perSecond[i] ?? Number.NaN),
  );
  return {
    peer,
    median: median(ours.perSecond) / median(theirs.perSecond),
    first: ratios[0] ?? Number.NaN,
    lowest: Math.min(...ratios),
    cpu: ours.cpuMicrosPerRequest / theirs.cpuMicrosPerRequest,
  };
}

export function outsideSection(report: OutsideReport): string[] {
  const { rounds, options } = report;
  const names = Object.keys(report.commands);
  const lines = [
    '## The outside benchmark, reproduced',
    '',
    `A fresh instance of each server per round (${options.rounds} rounds, servers in a rotating order), started by its command on the servers' core; then discovery and JWKS, each ${options.warmupSeconds} s of warm-up and ${options.durationSeconds} s measured with ${options.connections} connections from the other core. Req/s: the median second (lowest–highest second); CPU per request: the server process's CPU time over the measured run (/proc schedstat) over its answers.`,
    '',
    '| server | command |',
    '|---|---|',
    ...names.map((name) => `| ${name} | \`${report.commands[name]}\` |`),
    '',
    '| round | server | spawn → first discovery 200 | CPU by then | discovery req/s, CPU/req | JWKS req/s, CPU/req |',
    '|---|---|---|---|---|---|',
  ];
  rounds.forEach((round, i) => {
    for (const name of names) {
      const figures = round[name];
      if (!figures) continue;
      lines.push(
        `| ${i + 1} | ${name} | ${figures.startMs.toFixed(0)} ms | ${figures.startCpuMs.toFixed(0)} ms | ${rate(figures.discovery)} | ${rate(figures.jwks)} |`,
      );
    }
  });
  lines.push(
    '',
    'Ours against the best peer of the same round (start: lower is better; req/s: the ratio of the seconds at the same offset, the first and the lowest of them):',
    '',
    '| round | start (ours / best peer) | discovery: median, first second, lowest second; CPU/req | JWKS: median, first second, lowest second; CPU/req |',
    '|---|---|---|---|',
  );
  rounds.forEach((round, i) => {
    const ours = round[OURS];
    const fastest = peersOf(round).sort(([, a], [, b]) => a.startMs - b.startMs)[0];
    const start =
      ours && fastest ? `${times(ours.startMs / fastest[1].startMs)} (${fastest[0]})` : 'n/a';
    const cell = (key: 'discovery' | 'jwks') => {
      const r = secondRatios(round, key);
      return r
        ? `${times(r.median)}, ${times(r.first)}, ${times(r.lowest)}; ${times(r.cpu)} (${r.peer})`
        : 'n/a';
    };
    lines.push(`| ${i + 1} | ${start} | ${cell('discovery')} | ${cell('jwks')} |`);
  });
  lines.push('');
  return lines;
}
