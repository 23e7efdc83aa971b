/**
 * Issue 14: across sites (the server at 127.0.0.1, the app at localhost), after one storage
 * access grant, two tabs still renew once per expiry between them, as they do same-site
 * (crossTab.spec.ts): the cross-tab lock holds with the Storage Access retry in every renewal.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { accessTokenExpiresAt, authStatus, expectNewAccessToken } from './support/spa.ts';
import { ALICE, expect, type Stack, test } from './support/stack.ts';

const GRANT_BUTTON = 'Allow Silent Auth Lab to keep you signed in across sites';

/** Every tab of `context` on the SPA chooses the server host 127.0.0.1 (cross-site). */
const crossSiteTabs = (context: BrowserContext, stack: Stack) =>
  context.addInitScript(
    ({ origin }) => {
      if (location.origin === origin && !sessionStorage.getItem('silent-auth-lab.settings')) {
        sessionStorage.setItem(
          'silent-auth-lab.settings',
          JSON.stringify({ authHost: '127.0.0.1' }),
        );
      }
    },
    { origin: stack.spa },
  );

/** The id_token_hint of each prompt=none request to `authOrigin` the browser got an answer to. */
function recordAnsweredSilentRequests(context: BrowserContext, authOrigin: string) {
  const answered: { hint: string | null; status: number }[] = [];
  context.on('response', (response) => {
    const url = new URL(response.url());
    if (
      url.origin === authOrigin &&
      url.pathname === '/authorize' &&
      url.searchParams.get('prompt') === 'none'
    ) {
      answered.push({ hint: url.searchParams.get('id_token_hint'), status: response.status() });
    }
  });
  return answered;
}

test('127.0.0.1 after one grant, two tabs: each expiry renewed once between them (retried with storage access), both tabs hold the new token', async ({
  context,
  stack,
  auth,
}) => {
  // 12 s tokens renewed at half-life; counts are per token generation (each renewal carries the
  // ID token it replaces as id_token_hint), never per wall-clock round.
  test.setTimeout(120_000);
  await auth.control.setLifetimes({ accessTokenSeconds: 12 });
  await auth.signIn(context, { email: ALICE.email, origin: stack.authCrossSite });
  await crossSiteTabs(context, stack);

  // Tab one: signed out and blocked; the kit's grant stands in for the person's "Allow", then the
  // button; the hidden frame signs in.
  const first = await context.newPage();
  await first.goto('/');
  const grant = first
    .frameLocator('iframe[title="Storage access for the authorization server"]')
    .getByRole('button', { name: GRANT_BUTTON });
  await expect(grant).toBeVisible({ timeout: 20_000 });
  await auth.grantStorageAccess(first, { topOrigin: stack.spa });
  const answered = recordAnsweredSilentRequests(context, stack.authCrossSite);
  await grant.click();
  await expect(authStatus(first)).toHaveText('authenticated', { timeout: 20_000 });

  // Tab two takes tab one's tokens.
  const second = await context.newPage();
  await second.goto('/');
  await expect(authStatus(second)).toHaveText('authenticated', { timeout: 20_000 });
  const pages: Page[] = [first, second];

  const sameExpiry = async () => {
    let shared = 0;
    await expect
      .poll(async () => {
        const all = await Promise.all(pages.map(accessTokenExpiresAt));
        shared = all[0] ?? 0;
        return new Set(all).size;
      })
      .toBe(1);
    return shared;
  };
  for (const _expiry of [1, 2]) {
    const before = await sameExpiry();
    for (const page of pages) await expectNewAccessToken(page, before, 20_000);
    await sameExpiry();
  }
  // A renewal just happened; the next one is half a lifetime away: close both tabs, so the
  // browser's record and the server's log cover the same renewals.
  for (const page of pages) await page.close();

  // The server's log: every prompt=none that got through came active (with the cookie), after
  // exactly one retry answer, for the app's origin only.
  const silent = (await auth.requests()).filter(
    (r) => r.path === '/authorize' && r.query.prompt === 'none',
  );
  // Before the grant: tab one's boot attempt, without the cookie and not retried (nothing to
  // retry with).
  const beforeGrant = silent.filter((r) => r.secFetchStorageAccess === 'none');
  expect(beforeGrant.map((r) => r.activateStorageAccess)).toEqual([undefined]);
  const retries = silent.filter((r) => r.status === 401);
  const through = silent.filter((r) => r.status !== 401 && r.secFetchStorageAccess !== 'none');
  expect(retries.map((r) => [r.secFetchStorageAccess, r.activateStorageAccess])).toEqual(
    retries.map(() => ['inactive', `retry; allowed-origin="${stack.spa}"`]),
  );
  expect(through.map((r) => r.secFetchStorageAccess)).toEqual(through.map(() => 'active'));
  expect(retries).toHaveLength(through.length);

  // The event timeline: one code per request that got through, tokens without a refresh token.
  const events = await auth.events();
  expect(events.filter((e) => e.type === 'silent_renewal')).toHaveLength(through.length);
  expect(
    events.filter(
      (e) => e.type === 'storage_access' && e.endpoint === '/authorize' && e.answer === 'retry',
    ),
  ).toHaveLength(through.length);
  const issued = events.filter((e) => e.type === 'tokens_issued');
  expect(issued.length).toBeGreaterThanOrEqual(through.length);
  expect(issued.every((e) => e.type === 'tokens_issued' && !e.refreshToken)).toBe(true);

  // One renewal per expiry across both tabs: the sign-in after the grant (no hint), then one
  // request that got through per token generation, never two.
  const generations = answered.filter((a) => a.status !== 401).map((a) => a.hint);
  expect(generations.filter((hint) => hint === null)).toHaveLength(1);
  const hints = generations.filter((hint) => hint !== null);
  expect(hints.length).toBeGreaterThanOrEqual(2);
  expect(new Set(hints).size).toBe(hints.length);
  expect(through).toHaveLength(generations.length);
});
