import type { BrowserContext, Page } from '@playwright/test';
import {
  accessTokenExpiresAt,
  authStatus,
  expectNewAccessToken,
  logInFromHome,
  recordSilentRequests,
  signInAt,
  timelineEntries,
} from './support/spa.ts';
import { expect, test } from './support/stack.ts';

/** A signed-in tab, then `count - 1` more tabs opened on `path` in the same browser. */
async function openSignedInTabs(context: BrowserContext, count: number, path = '/profile') {
  const first = await context.newPage();
  if (path === '/') {
    await first.goto('/');
    await logInFromHome(first);
  } else {
    await signInAt(first, path);
  }
  const pages: Page[] = [first];
  for (let i = 1; i < count; i++) {
    const page = await context.newPage();
    await page.goto(path);
    await expect(authStatus(page)).toHaveText('authenticated');
    pages.push(page);
  }
  return pages;
}

const expiries = (pages: Page[]) => Promise.all(pages.map(accessTokenExpiresAt));

test('new tabs take the open tab’s tokens instead of asking the server', async ({
  context,
  stack,
}) => {
  const pages = await openSignedInTabs(context, 1);
  const silent = recordSilentRequests(context, stack.auth);
  const [, second] = [pages[0], await context.newPage()];
  await second.goto('/profile');
  await expect(authStatus(second)).toHaveText('authenticated');
  await expect(timelineEntries(second, 'signed_in')).toContainText('tokens of another tab');
  expect(silent).toHaveLength(0);
  expect(await accessTokenExpiresAt(second)).toBe(await accessTokenExpiresAt(pages[0] as Page));
});

test('three tabs: one prompt=none request per expiry, and every tab gets the new token', async ({
  context,
  stack,
  auth,
}) => {
  // 12 s tokens renewed at half-life. A loaded machine may take longer than that to open the
  // tabs, so a renewal can legitimately fall due meanwhile: the count is per token generation
  // (each renewal carries the ID token it replaces as id_token_hint), never per wall-clock round.
  test.setTimeout(90_000);
  await auth.control.setLifetimes({ accessTokenSeconds: 12 });
  const silent = recordSilentRequests(context, stack.auth);
  const pages = await openSignedInTabs(context, 3);
  const sameExpiry = async () => {
    let shared = 0;
    await expect
      .poll(async () => {
        const all = await expiries(pages);
        shared = all[0] ?? 0;
        return new Set(all).size;
      })
      .toBe(1);
    return shared;
  };

  for (const _round of [1, 2]) {
    const before = await sameExpiry();
    for (const page of pages) await expectNewAccessToken(page, before, 20_000);
    await sameExpiry();
  }
  const renewals = silent.map((url) => url.searchParams.get('id_token_hint'));
  // Only the first tab's attempt on opening had no session to hint at.
  expect(renewals.filter((hint) => hint === null)).toHaveLength(1);
  const hints = renewals.filter((hint) => hint !== null);
  expect(hints.length).toBeGreaterThanOrEqual(2);
  // One request per expiry: no token generation was renewed twice.
  expect(new Set(hints).size).toBe(hints.length);
  for (const page of pages) await expect(authStatus(page)).toHaveText('authenticated');
});

test('"Renew now" in three tabs at once: one request, the tabs that waited take its tokens', async ({
  context,
  stack,
}) => {
  const pages = await openSignedInTabs(context, 3, '/');
  const silent = recordSilentRequests(context, stack.auth);
  // Hold the server's answer so that all three renewals overlap.
  await context.route(
    (url) => url.origin === stack.auth && url.pathname === '/authorize',
    async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 600));
      await route.continue();
    },
  );
  const before = await accessTokenExpiresAt(pages[0] as Page);
  await Promise.all(pages.map((page) => page.getByRole('button', { name: 'Renew now' }).click()));
  for (const page of pages) await expectNewAccessToken(page, before);

  expect(silent).toHaveLength(1);
  expect(new Set(await expiries(pages)).size).toBe(1);
  const renewedHere = await Promise.all(
    pages.map((page) => timelineEntries(page, 'renewed').count()),
  );
  const shared = await Promise.all(
    pages.map((page) => timelineEntries(page, 'tokens_shared').count()),
  );
  expect(renewedHere.sort()).toEqual([0, 0, 1]);
  expect(shared.sort()).toEqual([0, 1, 1]);
});

test('logging out in one tab logs out the others', async ({ context, stack }) => {
  const [first, second] = await openSignedInTabs(context, 2);
  if (!first || !second) throw new Error('two tabs expected');
  await first.getByRole('button', { name: 'Log out' }).click();
  await expect(first).toHaveURL('/');
  await expect(authStatus(second)).toHaveText('anonymous');
  await expect(second.getByRole('main')).toContainText('you logged out in another tab');
  // No automatic trip to the login page for the tab that was logged out.
  expect(second.url()).toBe(`${stack.spa}/profile`);
  await expect(timelineEntries(second, 'logged_out')).toContainText('Logged out in another tab');
});
