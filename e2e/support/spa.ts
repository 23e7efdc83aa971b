import { type BrowserContext, expect, type Locator, type Page } from '@playwright/test';
import { signInOnHostedPage } from './login.ts';

export const authStatus = (page: Page): Locator => page.getByTestId('auth-status');

/** Timeline entries of one type, newest first. */
export const timelineEntries = (page: Page, type: string): Locator =>
  page.locator(`[data-testid="timeline-entry"][data-type="${type}"]`);

/** Opens `path` (a protected page), signs in at the hosted login page and comes back. */
export async function signInAt(page: Page, path = '/profile'): Promise<void> {
  await page.goto(path);
  await signInOnHostedPage(page);
  await expect(page).toHaveURL(path);
  await expect(authStatus(page)).toHaveText('authenticated');
}

/** Signs in from the Home page's "Log in" button (for lab settings that change the server). */
export async function logInFromHome(page: Page): Promise<void> {
  await expect(authStatus(page)).toHaveText('anonymous');
  await page.getByRole('button', { name: 'Log in' }).click();
  await signInOnHostedPage(page);
  await expect(page).toHaveURL('/');
  await expect(authStatus(page)).toHaveText('authenticated');
}

/**
 * Picks a lab setting. Another server host or client reloads the app: wait until it shows the
 * new value and has finished its silent sign-in attempt.
 */
export async function chooseLabSetting(
  page: Page,
  label: 'Silent transport' | 'Authorization server host' | 'Client',
  value: string,
): Promise<void> {
  const select = page.getByLabel(label, { exact: true });
  await select.selectOption(value);
  await expect(select).toHaveValue(value);
  await expect(authStatus(page)).not.toHaveText('authenticating');
}

/** Every prompt=none authorization request (the hidden frames) made in `context` to `authOrigin`. */
export function recordSilentRequests(context: BrowserContext, authOrigin: string): URL[] {
  const requests: URL[] = [];
  context.on('request', (request) => {
    const url = new URL(request.url());
    if (
      url.origin === authOrigin &&
      url.pathname === '/authorize' &&
      url.searchParams.get('prompt') === 'none'
    ) {
      requests.push(url);
    }
  });
  return requests;
}

/** When the access token shown on Home or Profile expires (epoch ms). */
export async function accessTokenExpiresAt(page: Page): Promise<number> {
  const value = await page.getByTestId('access-token-expiry').getAttribute('data-expires-at');
  return Number(value);
}

/** Waits until the page shows an access token other than the one expiring at `before`. */
export async function expectNewAccessToken(page: Page, before: number, timeout = 10_000) {
  await expect(page.getByTestId('access-token-expiry')).not.toHaveAttribute(
    'data-expires-at',
    String(before),
    { timeout },
  );
}

/**
 * The newest failed renewal in the timeline: its reason, what decided it (cookie_probe,
 * load_without_message, server_answer, timeout) and how long it took to say so.
 */
export async function lastRenewalFailure(page: Page, timeout = 10_000) {
  const entry = timelineEntries(page, 'renew_failed').first();
  await expect(entry).toBeVisible({ timeout });
  return {
    reason: await entry.getAttribute('data-reason'),
    decidedBy: await entry.getAttribute('data-decided-by'),
    durationMs: Number(await entry.getAttribute('data-duration-ms')),
    transport: await entry.getAttribute('data-transport'),
  };
}

/** The newest successful renewal: transport and milliseconds, for the report. */
/**
 * On a signed-in `/api` page: calls the demo API, waits past the first access token's expiry
 * (browser clock) while the app renews on its own, calls it again, and checks the page never
 * reloaded nor left `/api`. Returns the last renewal.
 */
export async function expectApiWorksPastFirstExpiry(page: Page, spaOrigin: string) {
  await page.evaluate(() => {
    (window as { notReloaded?: boolean }).notReloaded = true;
  });
  const result = page.getByTestId('api-result');
  await page.getByRole('button', { name: 'Call /api/profile' }).click();
  await expect(result).toContainText('"sub": "auth0|alice"');
  const firstExpiry = Number(
    await timelineEntries(page, 'signed_in').getAttribute('data-expires-at'),
  );

  await expect
    .poll(() => page.evaluate(() => Date.now()), { timeout: 8_000 })
    .toBeGreaterThan(firstExpiry);
  await expect(timelineEntries(page, 'renewed').first()).toBeVisible();
  await page.getByRole('button', { name: 'Call /api/orders' }).click();
  await expect(result).toContainText('ord_1001');
  await page.getByRole('button', { name: 'Call /api/profile' }).click();
  await expect(result).toContainText('"sub": "auth0|alice"');

  await expect(authStatus(page)).toHaveText('authenticated');
  expect(await page.evaluate(() => (window as { notReloaded?: boolean }).notReloaded)).toBe(true);
  expect(page.url()).toBe(`${spaOrigin}/api`);
  return lastRenewal(page);
}

export async function lastRenewal(page: Page, timeout = 10_000) {
  const entry = timelineEntries(page, 'renewed').first();
  await expect(entry).toBeVisible({ timeout });
  return {
    transport: await entry.getAttribute('data-transport'),
    durationMs: Number(await entry.getAttribute('data-duration-ms')),
  };
}
