import { chromium, defineConfig } from '@playwright/test';
import { E2E_PORTS, SPA } from './e2e/support/stack.ts';
import { findChromium } from './scripts/findChromium.ts';

const browser = findChromium(chromium.executablePath(), process.env);

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
    launchOptions: {
      executablePath: browser.executablePath,
      // See ../shared/DESIGN.md "Browser facts": this machine has no network beyond loopback.
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
  webServer: {
    command: `node --import tsx scripts/start.ts --auth-port ${E2E_PORTS.auth} --api-port ${E2E_PORTS.api} --spa-port ${E2E_PORTS.spa}`,
    url: `${SPA}/config.js`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
