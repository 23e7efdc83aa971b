import { chromium, defineConfig } from '@playwright/test';
import { E2E_PORTS, SPA } from './e2e/support/stack.ts';
import { chromiumLaunchOptions } from './scripts/findChromium.ts';

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  // One stack serves the suite and tests steer its state through /__control: one worker.
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  forbidOnly: Boolean(process.env.CI),
  timeout: 30_000,
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  use: {
    baseURL: SPA,
    trace: 'retain-on-failure',
    launchOptions: chromiumLaunchOptions(chromium.executablePath()),
  },
  projects: [{ name: 'chromium' }],
  webServer: {
    command: `node --import tsx scripts/start.ts --auth-port ${E2E_PORTS.auth} --api-port ${E2E_PORTS.api} --spa-port ${E2E_PORTS.spa}`,
    url: `${SPA}/config.js`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
