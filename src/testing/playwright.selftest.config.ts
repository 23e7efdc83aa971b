import { register } from 'node:module';
import { chromium, defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from '../../scripts/findChromium.ts';

/**
 * The spec imports the kit by its package name; our own runs take the sources (the package's
 * `source` export condition), not a build that may be stale or absent. Playwright loads this
 * config in the runner and in every worker, so both resolve the same way.
 */
register(
  `data:text/javascript,${encodeURIComponent(
    'export const resolve = (specifier, context, next) => next(specifier, { ...context, conditions: [...context.conditions, "source"] });',
  )}`,
);

/**
 * The kit's own Playwright self-test: no web server (each worker starts its own authorization
 * server through the fixture), two workers to prove they never share one.
 * Run: npx playwright test --config src/testing/playwright.selftest.config.ts
 */
export default defineConfig({
  testDir: '.',
  outputDir: '../../test-results/kit-selftest',
  workers: 2,
  // Groups that need an order say so (mode: 'default'); the rest spreads over both workers.
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  timeout: 30_000,
  reporter: 'list',
  use: {
    launchOptions: chromiumLaunchOptions(chromium.executablePath()),
  },
  projects: [
    { name: 'chromium', testMatch: 'playwright.selftest.spec.ts' },
    // After the fixture's tests: their isolation test needs both workers for itself.
    { name: 'package', testMatch: 'package.selftest.spec.ts', dependencies: ['chromium'] },
  ],
});
