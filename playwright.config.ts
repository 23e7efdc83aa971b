import { chromium, defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './scripts/findChromium.ts';

/**
 * No web server: each worker starts its own stack (the test kit's authorization server, the
 * demo API, the built SPA) through the fixtures in e2e/support/stack.ts, on ports of its own.
 */
export default defineConfig({
  testDir: 'e2e',
  fullyParallel: true,
  // The machines have two cores; more workers only queue for them.
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  forbidOnly: Boolean(process.env.CI),
  timeout: 30_000,
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  use: {
    trace: 'retain-on-failure',
    launchOptions: chromiumLaunchOptions(chromium.executablePath()),
  },
  projects: [
    { name: 'chromium', testIgnore: 'load.spec.ts' },
    // Twenty contexts renewing together: alone, after the rest, so no other spec competes for
    // the two cores and the load spec's figures are its own.
    { name: 'load', testMatch: 'load.spec.ts', dependencies: ['chromium'] },
  ],
});
