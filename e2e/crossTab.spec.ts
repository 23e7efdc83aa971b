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
  // 12 s tokens renewed at half-life: two renewals in about 13 s. Not shorter: opening three
  // tabs on a loaded 2-core machine has taken over 3 s, and a renewal falling due meanwhile is
  // legitimate but breaks the count below.
  test.setTimeout(45_000);
  await auth.control.setLifetimes({ accessTokenSeconds: 12 });
  const silent = recordSilentRequests(context, stack.auth);
  const pages = await openSignedInTabs(context, 3);
  // Only the first tab's attempt on opening, before anybody had signed in.
  expect(silent).toHaveLength(1);
  silent.length = 0;

  for (const round of [1, 2]) {
    const before = await expiries(pages);
    expect(new Set(before).size).toBe(1);
    for (const page of pages) await expectNewAccessToken(page, before[0] ?? 0);
    const after = await expiries(pages);
    expect(new Set(after).size).toBe(1);
    expect(silent).toHaveLength(round);
  }
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
