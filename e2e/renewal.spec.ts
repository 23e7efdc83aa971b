import {
  authStatus,
  chooseLabSetting,
  expectApiWorksPastFirstExpiry,
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
    const renewal = await expectApiWorksPastFirstExpiry(page, stack.spa);
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
  await expect(timelineEntries(page, 'signed_in')).toContainText(
    'Signed in by silent sign-in via iframe',
  );
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
