import {
  authStatus,
  chooseLabSetting,
  lastRenewal,
  recordSilentRequests,
  signInAt,
  timelineEntries,
} from './support/spa.ts';
import { expect, test } from './support/stack.ts';

for (const transport of ['iframe', 'web_message'] as const) {
  test(`renews before expiry through ${transport}, without a reload, and the API keeps working`, async ({
    page,
    stack,
    auth,
  }) => {
    // 4 s tokens: renewed at half-life, so the second renewal comes after the first token died.
    await auth.control.setLifetimes({ accessTokenSeconds: 4 });
    await page.goto('/');
    await chooseLabSetting(page, 'Silent transport', transport);
    const silent = recordSilentRequests(page.context(), stack.auth);
    await signInAt(page, '/api');
    await page.evaluate(() => {
      (window as { notReloaded?: boolean }).notReloaded = true;
    });

    const result = page.getByTestId('api-result');
    await page.getByRole('button', { name: 'Call /api/profile' }).click();
    await expect(result).toContainText('"sub": "auth0|alice"');
    const firstExpiry = Number(
      await timelineEntries(page, 'signed_in').getAttribute('data-expires-at'),
    );

    // Past the first token's expiry (browser clock), renewed meanwhile.
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
    expect(page.url()).toBe(`${stack.spa}/api`);
    const renewal = await lastRenewal(page);
    expect(renewal.transport).toBe(transport);
    test.info().annotations.push({
      type: 'renewal',
      description: `${transport}: ${renewal.durationMs} ms`,
    });
    // Every silent request went through the chosen transport.
    expect(silent.length).toBeGreaterThanOrEqual(2);
    for (const url of silent) {
      expect(url.searchParams.get('response_mode')).toBe(
        transport === 'web_message' ? 'web_message' : null,
      );
    }
  });
}

test('a reload keeps me signed in while the server session lives', async ({ page, stack }) => {
  await signInAt(page, '/profile');
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Profile' })).toBeVisible();
  await expect(authStatus(page)).toHaveText('authenticated');
  expect(page.url()).toBe(`${stack.spa}/profile`);
  await expect(timelineEntries(page, 'signed_in')).toContainText('Signed in via silent');
});

test('after the server session ended, a reload lands anonymous without an error', async ({
  page,
  auth,
}) => {
  await signInAt(page, '/profile');
  await page.goto('/');
  await auth.endSession();
  await page.reload();
  await expect(timelineEntries(page, 'silent_login_failed')).toHaveAttribute(
    'data-reason',
    'login_required',
  );
  await expect(authStatus(page)).toHaveText('anonymous');
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Log in' })).toBeEnabled();
});
