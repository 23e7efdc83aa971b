import type { Page } from '@playwright/test';
import { signInOnHostedPage } from './support/login.ts';
import {
  authStatus,
  chooseLabSetting,
  lastRenewal,
  lastRenewalFailure,
  timelineEntries,
} from './support/spa.ts';
import { CLIENT_ID, expect, test } from './support/stack.ts';

const GRANT_BUTTON = 'Allow Silent Auth Lab to keep you signed in across sites';
const grantButton = (page: Page) =>
  page
    .frameLocator('iframe[title="Storage access for the authorization server"]')
    .getByRole('button', { name: GRANT_BUTTON });
const renewNow = (page: Page) => page.getByRole('button', { name: 'Renew now' }).click();

/** The newest failed renewal's storage access finding, as the timeline shows it. */
const lastStorageAccess = (page: Page) =>
  timelineEntries(page, 'renew_failed').first().getAttribute('data-storage-access');

// Across sites with the Storage Access API: the app on localhost, the server at 127.0.0.1
// (or the other way round for a page that plays an attacker). The kit's grant stands in for a
// person's "Allow" (headless Chromium never prompts).

test('a hostile page that frames /authorize gets nothing, even holding a storage access grant', async ({
  page,
  context,
  stack,
  auth,
}) => {
  // Alice is signed in at the server's localhost origin; the hostile page is on 127.0.0.1, a
  // site no client registered, and (worst case) the browser granted it storage access.
  await auth.signIn(context, { email: 'alice@example.com', origin: stack.auth });
  await page.goto(`${stack.spaOtherOrigin}/silent-callback.html`);
  await auth.grantStorageAccess(page, { topOrigin: stack.spaOtherOrigin });
  const received = await page.evaluate(
    (src) =>
      new Promise<unknown[]>((resolve) => {
        const messages: unknown[] = [];
        addEventListener('message', (event) => messages.push(event.data));
        const frame = document.createElement('iframe');
        // A web_message page posts while it runs, before its load event; a refused frame loads
        // an error page. Either way, by load every message there will be has been sent.
        frame.addEventListener('load', () => setTimeout(() => resolve(messages)), { once: true });
        frame.src = src;
        document.body.append(frame);
      }),
    `${stack.auth}/authorize?${new URLSearchParams({
      client_id: CLIENT_ID,
      redirect_uri: `${stack.spa}/silent-callback.html`,
      response_type: 'code',
      response_mode: 'web_message',
      scope: 'openid',
      state: 'steal',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
      prompt: 'none',
    })}`,
  );
  expect(received).toEqual([]);
  // The frame came with an inactive grant and was not asked to retry: the origin is no client's.
  const silent = (await auth.requests()).filter((r) => r.path === '/authorize');
  expect(silent.map((r) => [r.secFetchStorageAccess, r.activateStorageAccess])).toEqual([
    ['inactive', undefined],
  ]);
  const events = await auth.events();
  expect(events).toContainEqual(
    expect.objectContaining({
      type: 'storage_access',
      state: 'inactive',
      origin: stack.spaOtherOrigin,
      answer: 'none',
      reason: 'origin_not_registered',
    }),
  );
  expect(events.some((e) => e.type === 'code_issued')).toBe(false);
});

test('cross-site: signed out and told why, blocked and grantable; after the grant the hidden frame renews (both transports, after a reload, in a second tab); revoked, blocked again', async ({
  page,
  context,
  stack,
  auth,
}) => {
  test.setTimeout(90_000);
  await page.goto('/');
  await chooseLabSetting(page, 'Authorization server host', '127.0.0.1');

  // The main area says why nobody is signed in here, and offers both ways forward.
  const notice = page.getByRole('alert');
  await expect(notice).toContainText('You are signed out in this tab');
  await expect(notice).toContainText('third-party cookies');
  await expect(notice).toContainText('allow the authorization server to use its cookie here');
  await expect(grantButton(page)).toBeVisible();

  // A full-page sign-in works (the server's cookies are first-party at the top level)…
  await notice.getByRole('button', { name: 'Sign in with a full page' }).click();
  await signInOnHostedPage(page);
  // Patience, not a budget: the callback's code exchange queues on a loaded machine.
  await expect(authStatus(page)).toHaveText('authenticated', { timeout: 20_000 });
  // …but the hidden frame still gets none of them: blocked, and a grant can be asked for.
  await renewNow(page);
  expect((await lastRenewalFailure(page)).reason).toBe('third_party_cookies_blocked');
  expect(await lastStorageAccess(page)).toBe('grantable');
  await expect(grantButton(page)).toBeVisible();

  // The kit's grant stands in for the person's answer to the browser's prompt; then the click.
  await auth.grantStorageAccess(page, { topOrigin: stack.spa });
  await grantButton(page).click();
  await expect(timelineEntries(page, 'renewed')).toHaveCount(1);
  await expect(page.getByRole('alert')).toHaveCount(0);
  const transports = ['web_message', 'iframe'] as const;
  for (const transport of transports) {
    await chooseLabSetting(page, 'Silent transport', transport);
    const before = await timelineEntries(page, 'renewed').count();
    await renewNow(page);
    await expect(timelineEntries(page, 'renewed')).toHaveCount(before + 1);
    expect((await lastRenewal(page)).transport).toBe(transport);
  }

  // After a reload: the boot's silent sign-in gets through the same way.
  await page.reload();
  await expect(authStatus(page)).toHaveText('authenticated');

  // A second tab (its own lab settings) signs in and renews at 127.0.0.1 too.
  const second = await context.newPage();
  await second.goto('/');
  await chooseLabSetting(second, 'Authorization server host', '127.0.0.1');
  await expect(authStatus(second)).toHaveText('authenticated');
  await renewNow(second);
  await expect(timelineEntries(second, 'renewed').first()).toBeVisible();

  // Every prompt=none that got through came inactive, was retried for the app's origin only,
  // and came back active; never a refresh token.
  const silent = (await auth.requests()).filter(
    (r) => r.path === '/authorize' && r.query.prompt === 'none' && r.status !== 401,
  );
  expect(silent.some((r) => r.secFetchStorageAccess === 'active')).toBe(true);
  const retries = (await auth.requests()).filter((r) => r.status === 401);
  expect(new Set(retries.map((r) => r.activateStorageAccess))).toEqual(
    new Set([`retry; allowed-origin="${stack.spa}"`]),
  );
  const issued = (await auth.events()).filter((e) => e.type === 'tokens_issued');
  expect(issued.every((e) => e.type === 'tokens_issued' && !e.refreshToken)).toBe(true);

  // Revoked: blocked and grantable again.
  await auth.revokeStorageAccess(page);
  await renewNow(page);
  expect((await lastRenewalFailure(page)).reason).toBe('third_party_cookies_blocked');
  expect(await lastStorageAccess(page)).toBe('grantable');
});
