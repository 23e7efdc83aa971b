import { signInOnHostedPage } from './support/login.ts';
import { ALICE, expect, test } from './support/stack.ts';

test('log in, see who I am, call the API, log out', async ({ page, stack }) => {
  await page.goto('/');
  await expect(page.getByTestId('auth-status')).toHaveText(/anonymous/i);
  await page.getByRole('button', { name: 'Log in' }).click();

  await expect(page).toHaveURL(new RegExp(`^${stack.auth}/`));
  await signInOnHostedPage(page);

  await expect(page).toHaveURL('/');
  await expect(page.getByTestId('auth-status')).toHaveText(/authenticated/i);
  await expect(page.getByRole('banner')).toContainText(ALICE.email);

  await page.getByRole('link', { name: 'Profile' }).click();
  await expect(page.getByRole('heading', { name: 'Profile' })).toBeVisible();
  await expect(page.getByRole('main')).toContainText('auth0|alice');

  await page.getByRole('link', { name: 'API' }).click();
  await page.getByRole('button', { name: 'Call /api/profile' }).click();
  await expect(page.getByTestId('api-result')).toContainText('"sub": "auth0|alice"');
  await page.getByRole('button', { name: 'Call /api/orders' }).click();
  await expect(page.getByTestId('api-result')).toContainText('ord_1001');

  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL('/');
  await expect(page.getByTestId('auth-status')).toHaveText(/anonymous/i);

  // The server session ended too: a protected route must ask for the password again.
  await page.goto('/profile');
  await expect(page).toHaveURL(new RegExp(`^${stack.auth}/`));
  await expect(page.getByLabel('Password')).toBeVisible();
});

test('a protected route sends me to log in and back to where I was', async ({ page }) => {
  await page.goto('/api');
  await signInOnHostedPage(page);
  await expect(page).toHaveURL('/api');
  await expect(page.getByRole('heading', { name: 'API' })).toBeVisible();
});

test('the callback leaves no code or state in the address bar or history', async ({
  page,
  stack,
}) => {
  await page.goto('/profile');
  await signInOnHostedPage(page);
  await expect(page.getByRole('heading', { name: 'Profile' })).toBeVisible();
  expect(page.url()).toBe(`${stack.spa}/profile`);
  // One step back is the login page: the callback URL (with the code) was replaced.
  await page.goBack();
  expect(page.url()).toMatch(new RegExp(`^${stack.auth}/`));
  expect(page.url()).not.toContain('code=');
});

test('a wrong password gets a clear message and no session', async ({ page, stack }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Log in' }).click();
  await signInOnHostedPage(page, { ...ALICE, password: 'not-the-password' });
  await expect(page.getByText('Wrong email or password.')).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`^${stack.auth}/`));
  await signInOnHostedPage(page);
  await expect(page.getByTestId('auth-status')).toHaveText(/authenticated/i);
});

test('tokens live in memory only: nothing in web storage after sign-in', async ({ page }) => {
  await page.goto('/profile');
  await signInOnHostedPage(page);
  await expect(page.getByRole('heading', { name: 'Profile' })).toBeVisible();
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
  expect(stored).not.toMatch(/eyJ[\w-]+\.[\w-]+\./); // no JWT
  expect(stored).not.toContain('refresh_token');
});
