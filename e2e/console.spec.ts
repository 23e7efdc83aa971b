import type { BrowserContext, Page } from '@playwright/test';
import { signInOnHostedPage } from './support/login.ts';
import {
  authStatus,
  chooseLabSetting,
  lastRenewal,
  logInFromHome,
  timelineEntries,
} from './support/spa.ts';
import { ALICE, expect, test } from './support/stack.ts';

/**
 * Everything the browser complains about in `page` and every frame in it (the hidden renewal
 * and cookie-probe frames included): console errors, uncaught errors, and CSP violations, which
 * a document reports to itself as `securitypolicyviolation` whatever its own policy says.
 */
async function collectProblems(context: BrowserContext, page: Page): Promise<string[]> {
  const problems: string[] = [];
  await context.exposeBinding('reportCspViolation', ({ frame }, violation: string) => {
    problems.push(`CSP violation in ${frame.url()}: ${violation}`);
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { reportCspViolation(text: string): void })
        .reportCspViolation;
      report(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`);
    });
  });
  page.on('console', (message) => {
    if (message.type() === 'error') {
      problems.push(`console error at ${message.location().url}: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  return problems;
}

test('a normal session (sign in, renew with both transports, call the API, sign out) logs no error and no CSP violation', async ({
  context,
  page,
}) => {
  const problems = await collectProblems(context, page);

  // An anonymous load: the silent sign-in fails with login_required and the cookie probe runs.
  await page.goto('/');
  await expect(authStatus(page)).toHaveText('anonymous');
  await expect(timelineEntries(page, 'silent_login_failed')).toHaveCount(1);

  await chooseLabSetting(page, 'Silent transport', 'iframe');
  await logInFromHome(page);
  await page.getByRole('button', { name: 'Renew now' }).click();
  await expect(timelineEntries(page, 'renewed')).toHaveCount(1);
  expect((await lastRenewal(page)).transport).toBe('iframe');

  await chooseLabSetting(page, 'Silent transport', 'web_message');
  await page.getByRole('button', { name: 'Renew now' }).click();
  await expect(timelineEntries(page, 'renewed')).toHaveCount(2);
  expect((await lastRenewal(page)).transport).toBe('web_message');

  await page.getByRole('link', { name: 'API' }).click();
  await page.getByRole('button', { name: 'Call /api/profile' }).click();
  await expect(page.getByTestId('api-result')).toContainText('"sub": "auth0|alice"');

  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL('/');
  await expect(authStatus(page)).toHaveText('anonymous');
  // After the logout the app's silent sign-in fails again, and the probe runs again.
  await expect(timelineEntries(page, 'silent_login_failed').first()).toBeVisible();
  await page.waitForLoadState('networkidle');

  expect(problems).toEqual([]);
});

test('the server’s own pages (login, errors, dashboard, device activation, logged out) log no error and no CSP violation', async ({
  context,
  page,
  stack,
}) => {
  const problems = await collectProblems(context, page);
  const visited: string[] = [];
  page.on('load', () => visited.push(new URL(page.url()).pathname));

  await page.goto(`${stack.auth}/authorize?client_id=nobody`);
  await expect(page.getByRole('heading', { name: 'Something went wrong' })).toBeVisible();

  await page.goto(`${stack.auth}/dashboard`);
  await signInOnHostedPage(page, { ...ALICE, password: 'wrong' });
  await expect(page.getByRole('alert')).toHaveText('Wrong email or password.');
  await signInOnHostedPage(page);
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  await page.getByRole('navigation').getByRole('link', { name: 'Users' }).click();
  await page.getByRole('link', { name: ALICE.name }).click();
  await page.getByRole('link', { name: 'Devices' }).click();
  await expect(page.getByRole('heading', { name: 'Devices' })).toBeVisible();

  await page.goto(`${stack.auth}/activate`);
  await page.getByLabel('Code').fill('BCDF-GHJK');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('alert')).toHaveText('That code is not valid or has expired.');

  await page.goto(`${stack.auth}/v2/logout`);
  await expect(page.getByRole('heading', { name: 'You are logged out' })).toBeVisible();

  expect(visited.length).toBeGreaterThanOrEqual(8);
  // Chromium logs each 4xx document it loads; these three are the refusals provoked above.
  const refusal = (path: string) =>
    `console error at ${stack.auth}${path}: Failed to load resource: the server responded with a status of 400 (Bad Request)`;
  expect(problems).toEqual([
    refusal('/authorize?client_id=nobody'),
    refusal('/login'),
    refusal('/activate'),
  ]);
});
