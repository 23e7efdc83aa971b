/**
 * Silent renewal in headless Chromium: the SPA (a fresh production build) renews through each
 * transport, driven by its "Renew now" button; the durations are the auth store's own (the
 * timeline's data-duration-ms: from the start of the renewal to the new tokens). The floor,
 * measured in the same page in the same blocks: a hidden iframe to a static page on the
 * authorization server's origin that posts one message back (served by this harness, not by the
 * server). Blocks of 10 floor loads, then 10 renewals per transport, so drift hits all alike.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../scripts/findChromium.ts';
import { createSpaServer } from '../scripts/spaServer.ts';
import { buildSpa } from '../scripts/spaSize.ts';
import { createDemoApi } from '../src/api/createDemoApi.ts';
import {
  apiAudienceFor,
  issuerFor,
  originOf,
  SEEDED_USERS,
  SPA_CLIENT_ID,
} from '../src/protocol/defaults.ts';
import { seedConfig } from '../src/server/config.ts';
import { createAuthServer } from '../src/server/createAuthServer.ts';
import { listenFetch, type RunningAuthServer } from '../src/server/listen.ts';
import { median, percentile } from './lib/stats.ts';

export const TRANSPORTS = ['iframe', 'web_message'] as const;
export const FLOOR_PATH = '/__bench/floor';
export const FLOOR_MESSAGE = 'bench_floor';

export interface SilentRenewalOptions {
  /** Renewals per transport (and floor loads). */
  renewals: number;
  log(line: string): void;
}

export interface Distribution {
  medianMs: number;
  p95Ms: number;
  samplesMs: number[];
}

export interface SilentRenewalReport {
  browser: string;
  floor: Distribution;
  transports: Record<
    string,
    Distribution & { failures: number; medianOverFloor: number; p95OverFloor: number }
  >;
}

const distribution = (samplesMs: number[]): Distribution => ({
  medianMs: median(samplesMs),
  p95Ms: percentile(samplesMs, 95),
  samplesMs,
});

/** The floor page: one postMessage to the SPA's origin, framable by it, never cached. */
function floorPage(spaOrigin: string): Response {
  const html = `<!doctype html><meta charset="utf-8"><title>floor</title><script>parent.postMessage({type:${JSON.stringify(FLOOR_MESSAGE)}},${JSON.stringify(spaOrigin)});</script>`;
  return new Response(html, {
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': `frame-ancestors ${spaOrigin}`,
    },
  });
}

export interface Stack {
  auth: string;
  spa: string;
  close(): Promise<void>;
}

/** Auth server (+ the floor page), demo API and the built SPA on free localhost ports. */
export async function startStack(
  spaRoot: string,
  /** Told how long each request to the auth server took to answer (the breakdown uses it). */
  onAuthRequest?: (path: string, ms: number) => void,
): Promise<Stack> {
  const handlers: Record<
    string,
    ((request: Request, env?: unknown) => Response | Promise<Response>) | undefined
  > = {};
  const started: RunningAuthServer[] = [];
  const listenFor = async (name: string) => {
    const running = await listenFetch(
      (request, env) => handlers[name]?.(request, env) ?? new Response('starting', { status: 503 }),
      { port: 0 },
    );
    started.push(running);
    return running.port;
  };
  const authPort = await listenFor('auth');
  const apiPort = await listenFor('api');
  const spaPort = await listenFor('spa');
  const auth = originOf(authPort);
  const api = originOf(apiPort);
  const spa = originOf(spaPort);
  const server = createAuthServer({
    ...seedConfig({ port: authPort, spaOrigin: spa, apiAudience: apiAudienceFor(api) }),
    control: false,
  });
  await server.ready;
  handlers.auth = async (request, env) => {
    const { pathname } = new URL(request.url);
    if (pathname === FLOOR_PATH) return floorPage(spa);
    if (!onAuthRequest) return server.fetch(request, env);
    const started = performance.now();
    const response = await server.fetch(request, env);
    onAuthRequest(`${request.method} ${pathname}`, performance.now() - started);
    return response;
  };
  handlers.api = createDemoApi({
    issuers: [issuerFor(auth)],
    audience: apiAudienceFor(api),
    jwksUrl: `${auth}/.well-known/jwks.json`,
    allowedOrigins: [spa],
  }).fetch;
  handlers.spa = createSpaServer({
    root: spaRoot,
    config: {
      authority: issuerFor(auth),
      clientId: SPA_CLIENT_ID,
      audience: apiAudienceFor(api),
      scope: 'openid profile email read:profile read:orders',
      apiUrl: api,
    },
  }).fetch;
  return {
    auth,
    spa,
    close: async () => {
      await Promise.all(started.map((s) => s.close()));
    },
  };
}

/** Signs in through the hosted login page and comes back authenticated. */
export async function signIn(page: Page, spa: string): Promise<void> {
  await page.goto(`${spa}/profile`);
  await page.getByLabel('Email').fill(SEEDED_USERS.alice.email);
  await page.getByLabel('Password').fill(SEEDED_USERS.alice.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${spa}/profile`);
  await page.getByTestId('auth-status').filter({ hasText: 'authenticated' }).waitFor();
  await page.goto(`${spa}/`);
  await page.getByTestId('auth-status').filter({ hasText: 'authenticated' }).waitFor();
}

// In-page scripts are strings: tsx would wrap functions passed to page.evaluate in a helper
// (__name) that does not exist in the page.

/**
 * One renewal through the "Renew now" button; resolves with the duration the store recorded
 * (data-duration-ms of the new timeline entry), or a failure. It waits with a MutationObserver,
 * not by polling: polling the DOM every frame took main-thread time from the renewal it timed.
 */
const RENEW_SCRIPT = `(async () => {
  const entries = () => [...document.querySelectorAll('[data-testid="timeline-entry"]')];
  for (const entry of entries()) entry.dataset.benchSeen = '1';
  const button = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Renew now');
  if (!button) throw new Error('no "Renew now" button');
  while (button.disabled) await new Promise((r) => setTimeout(r, 10));
  return new Promise((resolve, reject) => {
    const fresh = (node) =>
      node instanceof HTMLElement && node.dataset.testid === 'timeline-entry' && !node.dataset.benchSeen &&
      (node.dataset.type === 'renewed' || node.dataset.type === 'renew_failed');
    const observer = new MutationObserver((records) => {
      for (const record of records) {
        for (const node of record.addedNodes) {
          if (!fresh(node)) continue;
          observer.disconnect();
          clearTimeout(timer);
          resolve({
            ok: node.dataset.type === 'renewed',
            durationMs: Number(node.dataset.durationMs),
            transport: node.dataset.transport || '',
            reason: node.dataset.reason || '',
          });
          return;
        }
      }
    });
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error('no renewal entry within 15 s'));
    }, 15000);
    observer.observe(document.body, { childList: true, subtree: true });
    button.click();
  });
})()`;

export const renewOnce = (page: Page) =>
  page.evaluate(RENEW_SCRIPT) as Promise<{
    ok: boolean;
    durationMs: number;
    transport: string;
    reason: string;
  }>;

/** The floor: a hidden iframe to the static page, until its one message arrives. */
export const floorOnce = (page: Page, url: string, origin: string, type: string) =>
  page.evaluate(`new Promise((resolve, reject) => {
    const frame = document.createElement('iframe');
    frame.style.display = 'none';
    const timer = setTimeout(() => reject(new Error('floor page sent nothing in 10 s')), 10000);
    const started = performance.now();
    const onMessage = (event) => {
      if (event.origin !== ${JSON.stringify(origin)} || !event.data || event.data.type !== ${JSON.stringify(type)}) return;
      const elapsed = performance.now() - started;
      clearTimeout(timer);
      window.removeEventListener('message', onMessage);
      frame.remove();
      resolve(elapsed);
    };
    window.addEventListener('message', onMessage);
    frame.src = ${JSON.stringify(url)} + '?n=' + Math.random();
    document.body.append(frame);
  })`) as Promise<number>;

export async function runSilentRenewal(
  options: SilentRenewalOptions,
): Promise<SilentRenewalReport> {
  const work = mkdtempSync(join(tmpdir(), 'bench-spa-'));
  let stack: Stack | undefined;
  const browser = await chromium.launch(chromiumLaunchOptions(chromium.executablePath()));
  try {
    options.log('  building the SPA (production)');
    await buildSpa(work);
    stack = await startStack(work);
    const page = await browser.newPage();
    await signIn(page, stack.spa);
    const floor: number[] = [];
    const renewals: Record<string, number[]> = {};
    const failures: Record<string, number> = {};
    const transportSelect = page.getByLabel('Silent transport', { exact: true });
    const block = 10;
    // Warm-up, untimed: a few of each so the first measured ones pay no first-use costs.
    for (const transport of TRANSPORTS) {
      await transportSelect.selectOption(transport);
      for (let i = 0; i < 3; i++) await renewOnce(page);
    }
    for (let i = 0; i < 3; i++)
      await floorOnce(page, `${stack.auth}${FLOOR_PATH}`, stack.auth, FLOOR_MESSAGE);
    for (let done = 0; done < options.renewals; done += block) {
      const count = Math.min(block, options.renewals - done);
      for (let i = 0; i < count; i++) {
        floor.push(await floorOnce(page, `${stack.auth}${FLOOR_PATH}`, stack.auth, FLOOR_MESSAGE));
      }
      for (const transport of TRANSPORTS) {
        await transportSelect.selectOption(transport);
        for (let i = 0; i < count; i++) {
          const result = await renewOnce(page);
          if (result.transport !== transport) {
            throw new Error(`renewed through ${result.transport}, expected ${transport}`);
          }
          if (result.ok) renewals[transport] = [...(renewals[transport] ?? []), result.durationMs];
          else failures[transport] = (failures[transport] ?? 0) + 1;
        }
      }
    }
    const floorDistribution = distribution(floor);
    const transports: SilentRenewalReport['transports'] = {};
    for (const transport of TRANSPORTS) {
      const measured = distribution(renewals[transport] ?? []);
      transports[transport] = {
        ...measured,
        failures: failures[transport] ?? 0,
        medianOverFloor: measured.medianMs / floorDistribution.medianMs,
        p95OverFloor: measured.p95Ms / floorDistribution.p95Ms,
      };
      options.log(
        `  ${transport.padEnd(12)} median ${measured.medianMs.toFixed(1)} ms, p95 ${measured.p95Ms.toFixed(1)} ms (${failures[transport] ?? 0} failed)`,
      );
    }
    options.log(
      `  floor        median ${floorDistribution.medianMs.toFixed(1)} ms, p95 ${floorDistribution.p95Ms.toFixed(1)} ms`,
    );
    return { browser: `Chromium ${browser.version()}`, floor: floorDistribution, transports };
  } finally {
    await browser.close();
    await stack?.close();
    rmSync(work, { recursive: true, force: true });
  }
}
