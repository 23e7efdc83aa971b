/**
 * Where a silent renewal's time goes: the same stack and SPA as the renewal benchmark, a few
 * renewals per transport under a Chromium trace, each renewal printed as the steps the browser
 * took (requests, script runs, message and load events) in ms from the click on "Renew now",
 * then the median time of each step across the renewals. User-timing marks named `step:…`
 * (performance.mark in the app's code, while investigating) are printed as steps too.
 *
 *   node --import tsx bench/renewalBreakdown.ts [renewals per transport, default 15]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../scripts/findChromium.ts';
import { buildSpa } from '../scripts/spaSize.ts';
import { median } from './lib/stats.ts';
import {
  FLOOR_MESSAGE,
  FLOOR_PATH,
  floorOnce,
  renewOnce,
  signIn,
  startStack,
  TRANSPORTS,
} from './silentRenewal.ts';

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { data?: Record<string, unknown> };
}

const renewals = Number(process.argv[2] ?? 15);
const work = mkdtempSync(join(tmpdir(), 'bench-spa-'));
// The renewal bench's browser, so the breakdown explains the figures it reports.
const browser = await chromium.launch(chromiumLaunchOptions(chromium.executablePath()));
await buildSpa(work);
const serverMs = new Map<string, number[]>();
const stack = await startStack(work, (path, ms) =>
  serverMs.set(path, [...(serverMs.get(path) ?? []), ms]),
);
try {
  const page = await browser.newPage();
  await signIn(page, stack.spa);
  const select = page.getByLabel('Silent transport', { exact: true });
  for (const transport of ['floor', ...TRANSPORTS]) {
    const once =
      transport === 'floor'
        ? async () => ({
            durationMs: await floorOnce(
              page,
              `${stack.auth}${FLOOR_PATH}`,
              stack.auth,
              FLOOR_MESSAGE,
            ),
          })
        : () => renewOnce(page);
    if (transport !== 'floor') await select.selectOption(transport);
    for (let i = 0; i < 3; i++) await once();
    await browser.startTracing(page, {
      categories: [
        'devtools.timeline',
        'blink.user_timing',
        'v8.execute',
        'disabled-by-default-devtools.timeline',
      ],
    });
    const recorded: number[] = [];
    for (let i = 0; i < renewals; i++) {
      await page.evaluate(`performance.mark('renew:${i}')`);
      recorded.push((await once()).durationMs);
    }
    await page.evaluate(`performance.mark('renew:end')`);
    const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as {
      traceEvents: TraceEvent[];
    };
    report(transport, trace.traceEvents, recorded);
  }
  console.log('\n--- auth server time to answer, median (count)');
  for (const [path, values] of serverMs) {
    console.log(`${median(values).toFixed(2).padStart(7)} ms  ${path} (${values.length})`);
  }
} finally {
  await browser.close();
  await stack.close();
  rmSync(work, { recursive: true, force: true });
}

/** The biggest events inside `task` (same thread), for a hint of what it was doing. */
function inside(events: TraceEvent[], task: TraceEvent): string {
  const end = task.ts + (task.dur ?? 0);
  return events
    .filter(
      (e) =>
        e !== task &&
        e.tid === task.tid &&
        e.pid === task.pid &&
        e.ph === 'X' &&
        e.ts >= task.ts &&
        e.ts < end &&
        (e.dur ?? 0) > 500,
    )
    .map((e) => {
      const data = e.args?.data ?? {};
      const what = [
        data.type,
        data.functionName,
        data.url ? String(data.url).replace(/^.*\//, '').slice(0, 40) : '',
      ]
        .filter(Boolean)
        .join(' ');
      return `${e.name}${what ? `(${what})` : ''} ${((e.dur ?? 0) / 1000).toFixed(1)}`;
    })
    .slice(0, 8)
    .join(', ');
}

function report(transport: string, events: TraceEvent[], recorded: number[]): void {
  const marks = events
    .filter((e) => e.cat.includes('blink.user_timing') && e.name.startsWith('renew:'))
    .sort((a, b) => a.ts - b.ts);
  const steps = new Map<string, number[]>();
  console.log(`\n=== ${transport}: store durations median ${median(recorded)} ms`);
  for (let i = 0; i < marks.length - 1; i++) {
    const from = marks[i]?.ts ?? 0;
    const to = marks[i + 1]?.ts ?? 0;
    const lines: string[] = [];
    const seen = new Map<string, number>();
    const step = (label: string, ts: number, detail = '') => {
      const count = (seen.get(label) ?? 0) + 1;
      seen.set(label, count);
      const key = count > 1 ? `${label} #${count}` : label;
      const ms = (ts - from) / 1000;
      steps.set(key, [...(steps.get(key) ?? []), ms]);
      lines.push(`${ms.toFixed(1).padStart(7)}  ${key}${detail}`);
    };
    const urls = new Map<string, string>();
    for (const e of events.filter((x) => x.ts >= from && x.ts < to).sort((a, b) => a.ts - b.ts)) {
      const data = e.args?.data ?? {};
      const id = String(data.requestId ?? '');
      if (e.cat.includes('blink.user_timing') && e.name.startsWith('step:')) {
        if (e.ph !== 'e') step(e.name, e.ts);
      } else if (e.name === 'ResourceSendRequest') {
        const url = new URL(String(data.url));
        urls.set(id, `${data.requestMethod} ${url.port}${url.pathname}`);
        step(`send ${urls.get(id)}`, e.ts);
      } else if (e.name === 'ResourceReceiveResponse' && urls.has(id)) {
        step(`response ${urls.get(id)}`, e.ts, ` ${data.statusCode}`);
      } else if (e.name === 'ResourceFinish' && urls.has(id)) {
        step(`finish ${urls.get(id)}`, e.ts);
      } else if (
        e.name === 'EventDispatch' &&
        ['message', 'load', 'click'].includes(String(data.type))
      ) {
        step(`event ${data.type}`, e.ts, ` ${((e.dur ?? 0) / 1000).toFixed(1)} ms`);
      } else if (e.name === 'EvaluateScript') {
        step(
          `script ${String(data.url).replace(/\?.*/, '')}`,
          e.ts,
          ` ${((e.dur ?? 0) / 1000).toFixed(1)} ms`,
        );
      } else if (e.name === 'ParseHTML') {
        step('parse html', e.ts, ` ${((e.dur ?? 0) / 1000).toFixed(1)} ms`);
      } else if (e.name === 'TimerFire') {
        step('timer fire', e.ts);
      } else if (e.name === 'RunTask' && (e.dur ?? 0) > 3000) {
        step('long task', e.ts, ` ${((e.dur ?? 0) / 1000).toFixed(1)} ms: ${inside(events, e)}`);
      }
    }
    if (i < 3) console.log(`--- renewal ${i} (${recorded[i]} ms recorded)\n${lines.join('\n')}`);
  }
  console.log(`--- medians over ${marks.length - 1} renewals (ms from the mark before the click)`);
  for (const [key, values] of [...steps].sort((a, b) => median(a[1]) - median(b[1]))) {
    console.log(`${median(values).toFixed(1).padStart(7)}  ${key} (${values.length})`);
  }
}
