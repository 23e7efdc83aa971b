import { signInOnHostedPage } from './support/login.ts';
import { authStatus, lastRenewalFailure, signInAt } from './support/spa.ts';
import { expect, test } from './support/stack.ts';

test('the server session ended: the next renewal says login_required, "Sign in again" comes back here', async ({
  page,
  stack,
  auth,
}) => {
  // 20 s tokens, renewed at half-life: the failed renewal comes 10 s before the token expires, so
  // the notice says "Renewal failed" (not yet "expired") however slowly a loaded machine draws it.
  test.setTimeout(60_000);
  await auth.control.setLifetimes({ accessTokenSeconds: 20 });
  await signInAt(page, '/profile');
  await auth.endSession();

  const failure = await lastRenewalFailure(page, 20_000);
  expect(failure.reason).toBe('login_required');
  const notice = page.getByRole('alert');
  await expect(notice).toContainText('Renewal failed');
  await expect(notice).toContainText('no longer has a session');

  await notice.getByRole('button', { name: 'Sign in again' }).click();
  await expect(page).toHaveURL(new RegExp(`^${stack.auth}/`));
  await signInOnHostedPage(page);
  await expect(page).toHaveURL('/profile');
  await expect(authStatus(page)).toHaveText('authenticated');
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('acting with an expired session signs in again by itself, but only once per tab', async ({
  page,
  stack,
  auth,
}) => {
  await auth.control.setLifetimes({ accessTokenSeconds: 3 });
  await signInAt(page, '/api');
  await auth.endSession();
  await expect(authStatus(page)).toHaveText('expired', { timeout: 6_000 });

  // Acting on the protected page: straight to the login page, which would bring me back here.
  await page.getByRole('button', { name: 'Call /api/profile' }).click();
  await expect(page).toHaveURL(new RegExp(`^${stack.auth}/`));
  await expect(page.getByLabel('Password')).toBeVisible();

  // I come back without signing in. The page may not send me to the login page again.
  await page.goBack();
  await expect(page).toHaveURL('/api');
  await expect(authStatus(page)).toHaveText('anonymous');
  const signIn = page.getByRole('button', { name: 'Sign in to see this page' });
  await expect(signIn).toBeVisible();
  expect(page.url()).toBe(`${stack.spa}/api`);

  // Signing in by hand works, and re-arms the automatic sign-in for later.
  await signIn.click();
  await signInOnHostedPage(page);
  await expect(page).toHaveURL('/api');
  await page.getByRole('button', { name: 'Call /api/profile' }).click();
  await expect(page.getByTestId('api-result')).toContainText('"sub": "auth0|alice"');
});
