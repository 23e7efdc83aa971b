import { expect, type Page } from '@playwright/test';
import { ALICE } from './stack.ts';

/** Fills the server's hosted login page. */
export async function signInOnHostedPage(page: Page, user = ALICE): Promise<void> {
  await expect(page.getByLabel('Email')).toBeVisible();
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
