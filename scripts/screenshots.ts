/**
 * README screenshots of the restrictions lab, taken from the real app: starts the stack (built SPA,
 * bundled server, demo API) on its own ports, signs in, runs experiments for real in Chromium and
 * saves docs/screenshots/*.png. Run with `npm run screenshots` (it builds the SPA first).
 *
 *   SCREENSHOT_PORT_OFFSET=n   shifts the ports (4430, 4431, 5203) when they are taken
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Locator, type Page } from '@playwright/test';
import { SEEDED_USERS } from '../src/protocol/defaults.ts';
import { chromiumLaunchOptions } from './findChromium.ts';
import { startStack } from './startStack.ts';

const OUT = resolve(import.meta.dirname, '../docs/screenshots');
const offset = Number(process.env.SCREENSHOT_PORT_OFFSET ?? 0);
const PORTS = { authPort: 4430 + offset, apiPort: 4431 + offset, spaPort: 5203 + offset };
/** Short tokens, so the timeline shows a renewal or two within the run. */
const ACCESS_TOKEN_SECONDS = 24;
const USER = SEEDED_USERS.alice;

async function control(auth: string, path: string, body: unknown): Promise<void> {
  const response = await fetch(`${auth}/__control/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`control ${path}: ${response.status} ${await response.text()}`);
}

async function runExperiment(page: Page, id: string, number: number): Promise<string> {
  const card = page.getByTestId(`experiment-${id}`);
  const button = card.getByRole('button', { name: `Run experiment ${number}`, exact: true });
  await button.click();
  const outcome = card.getByTestId('experiment-outcome');
  await outcome.locator('[data-verdict]').or(outcome).first().waitFor();
  await page.waitForFunction(
    (selector) => document.querySelector(selector)?.getAttribute('data-verdict'),
    `[data-testid="experiment-${id}"] [data-testid="experiment-outcome"]`,
    { timeout: 30_000 },
  );
  await button.waitFor({ state: 'visible' });
  const code = (await outcome.getAttribute('data-code')) ?? '?';
  console.log(`  experiment ${number}: ${await outcome.getAttribute('data-verdict')} (${code})`);
  return code;
}

async function save(
  target: Page | Locator,
  name: string,
  clip?: { width: number; height: number },
) {
  const path = resolve(OUT, name);
  if ('goto' in target) {
    await target.screenshot({
      path,
      fullPage: true,
      ...(clip ? { clip: { x: 0, y: 0, ...clip } } : {}),
    });
  } else {
    // The state bar stays in view while scrolling; in a picture of one card it would cover it.
    await target.screenshot({ path, style: '.lab-state { position: static !important; }' });
  }
  console.log(`  saved ${name} (${Math.round(statSync(path).size / 1024)} KB)`);
}

async function main(): Promise<void> {
  if (!existsSync('dist/spa/index.html')) {
    throw new Error(
      'The SPA is not built: run `npm run build` first (`npm run screenshots` does).',
    );
  }
  mkdirSync(OUT, { recursive: true });
  const stack = await startStack({
    ...PORTS,
    dev: false,
    control: true,
    lifetimes: 'auth0',
    build: false,
  });
  const browser = await chromium.launch(chromiumLaunchOptions(chromium.executablePath()));
  try {
    await control(stack.urls.auth, 'lifetimes', { accessTokenSeconds: ACCESS_TOKEN_SECONDS });
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      deviceScaleFactor: 1,
    });
    const page = await context.newPage();
    await page.goto(`${stack.urls.spa}/lab`);
    await page.getByRole('button', { name: 'Log in', exact: true }).click();
    await page.getByLabel('Email').fill(USER.email);
    await page.getByLabel('Password').fill(USER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${stack.urls.spa}/lab`);
    await page
      .getByTestId('auth-status')
      .filter({ hasText: /^authenticated$/ })
      .waitFor();
    console.log(`Signed in at ${stack.urls.spa}/lab; running experiments:`);

    for (const [id, number] of [
      ['offline-access', 1],
      ['refresh-grant', 2],
      ['implicit-offline', 3],
      ['silent-renewal', 4],
      ['cross-site', 6],
      ['unframeable', 7],
      ['storage-audit', 11],
    ] as const) {
      await runExperiment(page, id, number);
    }
    // The session's own renewal, on schedule at half the token's life.
    await page
      .locator('[data-testid="token-timeline-svg"] g.mark-renewed[data-lane="session"]')
      .first()
      .waitFor({ timeout: (ACCESS_TOKEN_SECONDS + 5) * 1000 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await save(page, 'lab.png', { width: 1280, height: 1500 });

    // A failure in red on the session's own lane: the server session ends (experiment 5).
    await runExperiment(page, 'session-ended', 5);
    await save(page.getByTestId('token-timeline'), 'timeline.png');

    const crossSite = page.getByTestId('experiment-cross-site');
    await save(crossSite, 'experiment-cross-site.png');
    await context.close();
  } finally {
    await browser.close();
    await stack.close();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error((error as Error).message);
    process.exit(1);
  },
);
