/**
 * Issue 16, the SPA side of DPoP: the real SPA, the real bundled server and demo API, real
 * Chromium. Tokens bound to the tab's non-extractable key (cnf.jkt), proofs on the code exchange
 * and on API calls, dpop_jkt on every authorize (both silent transports), the key shared by
 * tabs, the one nonce retry, and the implicit flow saying it cannot bind.
 */
import type { Page, Request } from '@playwright/test';
import { chooseImplicitFlow } from './support/implicit.ts';
import { runExperiment, signInToLab } from './support/lab.ts';
import { signInOnHostedPage } from './support/login.ts';
import {
  authStatus,
  chooseLabSetting,
  lastRenewal,
  recordSilentRequests,
  timelineEntries,
} from './support/spa.ts';
import { expect, test } from './support/stack.ts';

const binding = (page: Page) => page.getByTestId('dpop-binding');

/** The access token's `exp` claim as the lab's inspector shows it: which token a tab holds. */
const accessTokenExp = (page: Page) =>
  page.locator('[data-token="Access token"] tr[data-claim="exp"] code').first().textContent();

/** The thumbprint of the key this tab holds, as the lab's inspector reads it from IndexedDB. */
async function heldThumbprint(page: Page): Promise<string> {
  await expect(page.getByTestId('held-jkt')).toHaveText(/^[A-Za-z0-9_-]{43}$/);
  return (await page.getByTestId('held-jkt').textContent()) ?? '';
}

/** The inspector says the access token is bound to this tab's key (and shows both). */
async function expectBoundToHeldKey(page: Page): Promise<string> {
  const held = await heldThumbprint(page);
  await expect(binding(page)).toHaveAttribute('data-binding', 'bound');
  await expect(page.getByTestId('cnf-jkt')).toHaveText(held);
  await expect(page.getByTestId('token-type')).toHaveText('DPoP');
  return held;
}

/** Token endpoint POSTs made in the page's context, with the DPoP header each carried. */
function recordTokenRequests(page: Page, authOrigin: string): Request[] {
  const requests: Request[] = [];
  page.context().on('request', (request) => {
    const url = new URL(request.url());
    if (url.origin === authOrigin && url.pathname === '/oauth/token' && request.method() === 'POST')
      requests.push(request);
  });
  return requests;
}

test('sign-in binds the tokens to the tab’s key: dpop_jkt, a proof on the exchange, cnf.jkt', async ({
  page,
  stack,
}) => {
  const tokenRequests = recordTokenRequests(page, stack.auth);
  const authorizeRequests: URL[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.origin === stack.auth && url.pathname === '/authorize') authorizeRequests.push(url);
  });
  await signInToLab(page);
  const held = await expectBoundToHeldKey(page);
  // The full-page sign-in asked for a code bound to the key, and proved it on the exchange.
  const interactive = authorizeRequests.filter((url) => url.searchParams.get('prompt') !== 'none');
  expect(interactive.at(-1)?.searchParams.get('dpop_jkt')).toBe(held);
  expect(tokenRequests.length).toBeGreaterThan(0);
  for (const request of tokenRequests) expect(await request.headerValue('dpop')).toBeTruthy();
});

test('the API takes the token with the app’s proof, and refuses a copy (no proof, or as Bearer)', async ({
  page,
  stack,
}) => {
  test.setTimeout(120_000);
  await signInToLab(page);
  const result = await runExperiment(page, 'dpop-copied-token', 13);
  expect(result).toMatchObject({ verdict: 'confirmed', code: 'copy_refused' });
  const answers = result.card.locator('.observation');
  await expect(answers.filter({ hasText: 'answer: 401 invalid_dpop_proof' })).toHaveCount(1);
  await expect(answers.filter({ hasText: 'answer: 401 invalid_token' })).toHaveCount(1);
  await expect(answers.filter({ hasText: 'answer: 200' })).toHaveCount(1);

  // The app's own call, from the API page (the reload signs in silently, bound again).
  const apiCalls: Request[] = [];
  page.on('request', (request) => {
    if (request.url().startsWith(`${stack.api}/api/`) && request.method() === 'GET')
      apiCalls.push(request);
  });
  await page.goto('/api');
  await expect(authStatus(page)).toHaveText('authenticated');
  await page.getByRole('button', { name: 'Call /api/profile' }).click();
  await expect(page.getByTestId('api-result')).toContainText('"sub": "auth0|alice"');
  const call = apiCalls.at(-1);
  expect(await call?.headerValue('authorization')).toMatch(/^DPoP /);
  expect(await call?.headerValue('dpop')).toBeTruthy();
});

test('a replayed proof and a proof for another URL or method are refused', async ({ page }) => {
  test.setTimeout(120_000);
  await signInToLab(page);
  expect(await runExperiment(page, 'dpop-replayed-proof', 14)).toMatchObject({
    verdict: 'confirmed',
    code: 'replay_refused',
  });
  expect(await runExperiment(page, 'dpop-wrong-target', 15)).toMatchObject({
    verdict: 'confirmed',
    code: 'target_refused',
  });
});

test('silent renewal through both transports sends dpop_jkt and keeps the binding', async ({
  page,
  context,
  stack,
}) => {
  test.setTimeout(120_000);
  const silent = recordSilentRequests(context, stack.auth);
  await signInToLab(page);
  const held = await expectBoundToHeldKey(page);
  for (const transport of ['iframe', 'web_message'] as const) {
    await chooseLabSetting(page, 'Silent transport', transport);
    const before = silent.length;
    const renewed = await timelineEntries(page, 'renewed').count();
    await page.getByRole('button', { name: 'Renew now' }).click();
    await expect(timelineEntries(page, 'renewed')).toHaveCount(renewed + 1, { timeout: 15_000 });
    expect((await lastRenewal(page)).transport).toBe(transport);
    const request = silent.slice(before).at(-1);
    expect(request?.searchParams.get('dpop_jkt')).toBe(held);
    expect(request?.searchParams.get('response_mode')).toBe(
      transport === 'web_message' ? 'web_message' : null,
    );
    await expectBoundToHeldKey(page);
    expect(await runExperiment(page, 'dpop-copied-token', 13)).toMatchObject({
      verdict: 'confirmed',
    });
  }
});

test('a second tab shares the key and the token; a token renewed there works here', async ({
  context,
}) => {
  test.setTimeout(120_000);
  const first = await context.newPage();
  await signInToLab(first);
  const held = await expectBoundToHeldKey(first);
  const second = await context.newPage();
  await second.goto('/lab');
  await expect(authStatus(second)).toHaveText('authenticated');
  // The same key from IndexedDB, whichever way this tab got its first token.
  expect(await expectBoundToHeldKey(second)).toBe(held);

  // Renewed in the second tab, shared to the first: the first tab's proof fits that token.
  const sharedBefore = await timelineEntries(first, 'tokens_shared').count();
  await second.getByRole('button', { name: 'Renew now' }).click();
  await expect(timelineEntries(second, 'renewed')).toHaveCount(1, { timeout: 15_000 });
  await expect(timelineEntries(first, 'tokens_shared')).toHaveCount(sharedBefore + 1);
  await expect.poll(() => accessTokenExp(first)).toBe(await accessTokenExp(second));
  await expectBoundToHeldKey(first);
  expect(await runExperiment(first, 'dpop-copied-token', 13)).toMatchObject({
    verdict: 'confirmed',
    code: 'copy_refused',
  });
});

test('server nonces: the code exchange retries once with the nonce; the lab shows the round trip', async ({
  page,
  stack,
  auth,
}) => {
  test.setTimeout(120_000);
  await auth.control.setDpop({ requireNonce: true });
  const tokenRequests = recordTokenRequests(page, stack.auth);
  await signInToLab(page);
  await expectBoundToHeldKey(page);
  // Per exchange: one refused with use_dpop_nonce, one accepted with the nonce — never more.
  const answers = await Promise.all(
    tokenRequests.map(async (request) => (await request.response())?.status()),
  );
  expect(answers.filter((status) => status === 200).length).toBeGreaterThan(0);
  expect(answers.filter((status) => status === 400).length).toBeLessThanOrEqual(
    answers.filter((status) => status === 200).length,
  );
  const proofs = await Promise.all(tokenRequests.map((request) => request.headerValue('dpop')));
  const nonces = proofs.map(
    (proof) => JSON.parse(Buffer.from(proof?.split('.')[1] ?? '', 'base64url').toString()).nonce,
  );
  expect(nonces[0]).toBeUndefined();
  expect(answers[0]).toBe(400);
  expect(nonces[1]).toBe((await auth.control.getDpop()).nonce);
  expect(answers[1]).toBe(200);

  const result = await runExperiment(page, 'dpop-nonce', 16);
  expect(result).toMatchObject({ verdict: 'confirmed', code: 'nonce_round_trip' });
});

test('the implicit flow says it cannot bind its tokens, and does not pretend', async ({ page }) => {
  await page.goto('/lab');
  await expect(page.getByLabel('DPoP (sender-constrained tokens)', { exact: true })).toHaveValue(
    'on',
  );
  await chooseImplicitFlow(page);
  await expect(page.getByTestId('dpop-not-applicable')).toContainText('not applicable');
  await expect(page.getByLabel('DPoP (sender-constrained tokens)', { exact: true })).toHaveCount(0);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await signInOnHostedPage(page);
  await expect(authStatus(page)).toHaveText('authenticated');
  await expect(binding(page)).toHaveAttribute('data-binding', 'bearer');
  await expect(binding(page)).toContainText('the implicit flow cannot bind tokens');
  expect(await runExperiment(page, 'dpop-copied-token', 13)).toMatchObject({
    verdict: 'precondition',
    code: 'not_bound',
  });
});
