import { chromium, defineConfig } from '@playwright/test';
import { findChromium } from '../../scripts/findChromium.ts';

const browser = findChromium(chromium.executablePath(), process.env);

/**
 * The kit's own Playwright self-test: no web server (each worker starts its own authorization
 * server through the fixture), two workers to prove they never share one.
 * Run: npx playwright test --config src/testing/playwright.selftest.config.ts
 */
export default defineConfig({
  testDir: '.',
  testMatch: 'playwright.selftest.spec.ts',
  outputDir: '../../test-results/kit-selftest',
  workers: 2,
  // Groups that need an order say so (mode: 'default'); the rest spreads over both workers.
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  timeout: 30_000,
  reporter: 'list',
  use: {
    launchOptions: {
      executablePath: browser.executablePath,
      // See ../../../shared/DESIGN.md "Browser facts": this machine has no network beyond loopback.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [{ name: 'chromium' }],
});
