/**
 * Issue 6, the restrictions lab: every experiment run from the page against the real stack, its
 * real outcome asserted; the timeline chart, the inspector and the state machine; axe on every page.
 */
import { M2M_CLIENT_ID } from '../src/protocol/defaults.ts';
import {
  experimentCard,
  runExperiment,
  seriousAccessibilityViolations,
  signInToLab,
} from './support/lab.ts';
import { signInOnHostedPage } from './support/login.ts';
import { authStatus, signInAt, timelineEntries } from './support/spa.ts';
import { expect, test } from './support/stack.ts';

test('experiment 1: the SPA asks for offline_access and gets no refresh token', async ({
  page,
}) => {
  await signInToLab(page);
  const result = await runExperiment(page, 'offline-access', 1);
  expect(result).toMatchObject({ verdict: 'confirmed', code: 'no_refresh_token' });
  expect(result.summary).toContain('offline_access was dropped');
  await expect(result.card.getByText('refresh_token in the response: absent')).toBeVisible();
  // What was sent and what came back, for real: the frame's request and the code exchange.
  await expect(result.card.getByTestId('step-response')).toHaveCount(2);
  await expect(result.card.getByTestId('step-response').nth(1)).toHaveAttribute(
    'data-status',
    '200',
  );
});

test('experiment 1 without a session: says to sign in first', async ({ page }) => {
  await page.goto('/lab');
  await expect(authStatus(page)).toHaveText('anonymous');
  const result = await runExperiment(page, 'offline-access', 1);
  expect(result).toMatchObject({ verdict: 'precondition', code: 'login_required' });
  await expect(
    result.card.getByRole('button', { name: 'Sign in again', exact: true }),
  ).toBeVisible();
});

test('experiment 2: grant_type=refresh_token from the browser is refused, and why', async ({
  page,
  stack,
}) => {
  await page.goto('/lab');
  const result = await runExperiment(page, 'refresh-grant', 2);
  expect(result).toMatchObject({ verdict: 'confirmed', code: 'unauthorized_client' });
  const why = result.card.locator('.observation');
  await expect(
    why.filter({ hasText: /single-page application cannot use refresh tokens/ }),
  ).toBeVisible();
  await expect(
    why.filter({ hasText: `cannot be used from a browser (the request came from ${stack.spa})` }),
  ).toBeVisible();
  for (const status of await result.card.getByTestId('step-response').all()) {
    await expect(status).toHaveAttribute('data-status', /^4\d\d$/);
  }
});

test('experiment 3: implicit flow with offline_access: tokens in the fragment, no refresh token', async ({
  page,
}) => {
  await signInToLab(page);
  const result = await runExperiment(page, 'implicit-offline', 3);
  expect(result).toMatchObject({ verdict: 'confirmed', code: 'no_refresh_token' });
  expect(result.summary).toMatch(/access_token/);
  await expect(
    result.card.getByText('where the answer came: in the URL fragment', { exact: false }),
  ).toBeVisible();
  await expect(result.card.getByText('refresh_token in the fragment: absent')).toBeVisible();
});

test('experiment 4: silent renewal with a live session, timed per transport, leaves the session alone', async ({
  page,
}) => {
  await signInToLab(page);
  const result = await runExperiment(page, 'silent-renewal', 4);
  expect(result).toMatchObject({ verdict: 'confirmed', code: 'renewed' });
  expect(result.summary).toMatch(/iframe \d+ ms, web_message \d+ ms/);
  await expect(authStatus(page)).toHaveText('authenticated');
  // The app kept its tokens and renewed nothing; the lab's answers never reached its listener.
  await expect(timelineEntries(page, 'renewed')).toHaveCount(0);
  await expect(timelineEntries(page, 'message_ignored')).toHaveCount(0);
  // Its six renewals are on the chart, in the lab's lane.
  await expect(
    page.locator('[data-testid="token-timeline-table"] tr[data-lane="lab"][data-kind="renewed"]'),
  ).toHaveCount(6);
  await expect(
    page.locator('[data-testid="token-timeline-svg"] g.mark-renewed[data-lane="lab"]').first(),
  ).toBeVisible();
});

test('experiment 5: renewal after the server session ended: login_required, here and in the app', async ({
  page,
}) => {
  await signInToLab(page);
  const result = await runExperiment(page, 'session-ended', 5);
  expect(result).toMatchObject({ verdict: 'confirmed', code: 'login_required' });
  await expect(
    result.card.getByText('cookies reach the frame: yes', { exact: false }),
  ).toBeVisible();
  await expect(result.card.getByText(/renew_failed: login_required/)).toBeVisible();
  // The app's own failure, in red with its reason, on the chart and in its table.
  const failures = page.locator(
    '[data-testid="token-timeline-svg"] g.mark-failed[data-reason="login_required"]',
  );
  // The lab's own attempt, and this tab's renewal.
  await expect(failures).toHaveCount(2);
  await expect(failures.locator('.mark-label-failed').first()).toHaveText('✗ login_required');
  await page.getByText('The timeline as a table').click();
  await expect(
    page
      .getByTestId('token-timeline-table')
      .getByText(/renewal via iframe failed after \d+ ms: login_required/)
      .first(),
  ).toBeVisible();
  // Restoring is one click: a full sign-in, back to the lab.
  await page.getByRole('alert').getByRole('button', { name: 'Sign in again' }).click();
  await signInOnHostedPage(page);
  await expect(page).toHaveURL('/lab');
  await expect(authStatus(page)).toHaveText('authenticated');
});

test('experiment 6: cross-site (127.0.0.1): third_party_cookies_blocked, found by the cookie probe, fallback offered', async ({
  page,
}) => {
  await signInToLab(page);
  const result = await runExperiment(page, 'cross-site', 6);
  // The cause and the path that found it, not the time: a loaded machine is slow, not wrong.
  expect(result).toMatchObject({
    verdict: 'confirmed',
    code: 'third_party_cookies_blocked',
    decidedBy: 'cookie_probe',
  });
  expect(result.summary).toMatch(/found by the cookie probe in \d+ ms/);
  await expect(
    result.card
      .getByText('{"type":"cookie_probe","cookies":false}', { exact: false })
      .or(result.card.getByText('"cookies": false')),
  ).toHaveCount(1);
  const fallback = result.card.getByRole('button', {
    name: 'Use the fallback: full-page sign-in',
    exact: true,
  });
  await expect(fallback).toBeVisible();
  await expect(authStatus(page)).toHaveText('authenticated');
});

test('experiment 7: a client that may not frame the server: frame_blocked, found by the load check, not the timeout', async ({
  page,
}) => {
  await signInToLab(page);
  const result = await runExperiment(page, 'unframeable', 7);
  expect(result).toMatchObject({
    verdict: 'confirmed',
    code: 'frame_blocked',
    decidedBy: 'load_without_message',
  });
  expect(result.summary).toMatch(/found by the frame loading without answering in \d+ ms/);
});

test('experiment 8: logout in another tab: this tab notices', async ({ page, context }) => {
  await signInToLab(page);
  const opened = context.waitForEvent('page');
  const run = runExperiment(page, 'other-tab-logout', 8);
  const other = await opened;
  const result = await run;
  expect(result).toMatchObject({ verdict: 'confirmed', code: 'noticed' });
  expect(result.summary).toMatch(/after \d+ ms/);
  await expect(authStatus(page)).toHaveText('anonymous');
  await expect(result.card.getByText('timeline: logged_out (initiator: other_tab)')).toBeVisible();
  // The other tab was a real app instance, signed in with this tab's tokens before it logged out.
  await expect(result.card).toContainText('"signedInVia": "other_tab"');
  await expect.poll(() => other.isClosed()).toBe(true);
  // The server session ended too: a silent sign-in finds none.
  await page.reload();
  await expect(authStatus(page)).toHaveText('anonymous');
});

test('the other-tab page does nothing when nobody opened it', async ({ page }) => {
  await signInToLab(page);
  await page.goto('/lab?role=other-tab');
  await expect(page.getByTestId('other-tab-phase')).toHaveAttribute('data-phase', 'no-opener');
  await page.waitForTimeout(300);
  await expect(authStatus(page)).toHaveText('authenticated');
});

test('experiment 9: hammering the token endpoint: 429 with Retry-After', async ({ page, auth }) => {
  // The limit counts in fixed windows of the server clock: held still, the 31 requests cannot
  // straddle a window's end (on a loaded machine they take seconds).
  await auth.control.freezeClock();
  await page.goto('/lab');
  const result = await runExperiment(page, 'rate-limit', 9);
  expect(result).toMatchObject({ verdict: 'confirmed', code: 'too_many_requests' });
  expect(result.summary).toMatch(/429 too_many_requests after 31 requests; retry after \d+ s/);
  await expect(result.card.getByText('30× 400 unauthorized_client')).toBeVisible();
  // Read from the header itself: CORS exposes it to the SPA's origin.
  await expect(result.card.locator('.observation', { hasText: 'Retry-After' })).toHaveText(
    /Retry-After: \d+ s \(header\)/,
  );
});

test('experiment 10: the native app holds a refresh token; revoked from the lab, it loses it', async ({
  page,
  nativeDemo,
}, testInfo) => {
  const dataDir = testInfo.outputPath('native-demo');
  const device = 'Lab laptop';
  const login = nativeDemo.start('login', dataDir, device);
  await page.goto(await login.signInUrl);
  await signInOnHostedPage(page);
  await expect(page.getByRole('heading', { name: 'Signed in' })).toBeVisible();
  expect((await login.done).code).toBe(0);

  await page.goto('/lab');
  // Signed in silently: the same server session as the native demo's sign-in.
  await expect(authStatus(page)).toHaveText('authenticated');
  const result = await runExperiment(page, 'native-app', 10);
  expect(result).toMatchObject({ verdict: 'confirmed', code: 'revoked' });
  await expect(result.card.getByText(`1 present (“${device}”)`, { exact: false })).toBeVisible();
  await expect(result.card.getByText('Lab-only shortcut', { exact: false }).first()).toBeVisible();
  await expect(result.card).toContainText(M2M_CLIENT_ID);
  expect(await page.content()).not.toContain('DO-NOT-USE-IN-PRODUCTION');

  const refresh = await nativeDemo.run('refresh', dataDir, device);
  expect(refresh.code).toBe(1);
  expect(refresh.stderr).toContain('invalid_grant');
});

test('experiment 10 without the native app signed in: says what to run first', async ({ page }) => {
  await signInToLab(page);
  const result = await runExperiment(page, 'native-app', 10);
  expect(result).toMatchObject({ verdict: 'precondition', code: 'no_native_token' });
  await expect(result.card.locator('.follow-up code')).toHaveText('npm run native-demo -- login');
});

test('experiment 11: the storage audit finds no token — and does find one planted on purpose', async ({
  page,
}) => {
  await signInToLab(page);
  const clean = await runExperiment(page, 'storage-audit', 11);
  expect(clean).toMatchObject({ verdict: 'confirmed', code: 'clean' });
  for (const area of ['localStorage', 'sessionStorage', 'IndexedDB', 'cookies', 'Cache Storage']) {
    await expect(clean.card.getByRole('heading', { name: new RegExp(`^${area}`) })).toBeVisible();
  }

  // A refresh token left in localStorage by some other script on the origin is caught.
  await page.evaluate(() =>
    localStorage.setItem(
      'someone.else',
      JSON.stringify({ refresh_token: 'planted-refresh-token-value' }),
    ),
  );
  const dirty = await runExperiment(page, 'storage-audit', 11);
  expect(dirty).toMatchObject({ verdict: 'contradicted', code: 'token_stored' });
  expect(dirty.summary).toContain('a refresh token in localStorage (someone.else)');
  expect(await page.content()).not.toContain('planted-refresh-token-value');
  await page.evaluate(() => localStorage.removeItem('someone.else'));
});

test('the lab shows the auth state, the current tokens decoded, and their timeline, live', async ({
  page,
}) => {
  await page.goto('/lab');
  const state = page.getByTestId('lab-auth-state');
  await expect(state).toHaveAttribute('data-status', 'anonymous');
  await expect(page.getByTestId('token-inspector')).toContainText('not signed in');

  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await signInOnHostedPage(page);
  await expect(state).toHaveAttribute('data-status', 'authenticated');
  await expect(state.locator('[aria-current="step"]')).toHaveText(/authenticated/);
  const inspector = page.getByTestId('token-inspector');
  await expect(inspector.locator('[data-claim="sub"]').first()).toContainText('auth0|alice');
  // Both tokens decoded: headers (alg, kid) and the access token's own claims (its scope).
  await expect(inspector.locator('[data-claim="alg"]')).toHaveCount(2);
  await expect(inspector.locator('[data-claim="kid"]')).toHaveCount(2);
  await expect(inspector.locator('[data-claim="scope"]')).toContainText('read:profile');
  await expect(inspector.getByTestId('token-countdown').first()).toHaveText(/\(in /);
  const svg = page.getByTestId('token-timeline-svg');
  await expect(svg.locator('.bar-access')).toHaveCount(1);
  await expect(svg.locator('.bar-id')).toHaveCount(1);
  await expect(svg.locator('g.mark-signed_in')).toHaveCount(1);
});

test('renewals of the session appear on the chart with transport and duration', async ({
  page,
  auth,
}) => {
  await auth.control.setLifetimes({ accessTokenSeconds: 4 });
  await signInToLab(page);
  const svg = page.getByTestId('token-timeline-svg');
  // Renewed at half-life: a new bar and a mark labelled with the transport and milliseconds.
  const renewed = svg.locator('g.mark-renewed[data-lane="session"]');
  await expect(renewed).not.toHaveCount(0, { timeout: 6_000 });
  await expect(renewed.locator('.mark-label').first()).toHaveText(/^iframe \d+ ms$/);
  await expect.poll(() => svg.locator('.bar-access').count()).toBeGreaterThan(1);
});

test('no serious accessibility violations: the public pages', async ({ page }) => {
  test.slow(); // axe over four whole pages
  for (const path of ['/', '/lab', '/lab?role=other-tab', '/nowhere']) {
    await page.goto(path);
    await expect(authStatus(page)).toHaveText('anonymous');
    expect({ path, violations: await seriousAccessibilityViolations(page) }).toEqual({
      path,
      violations: [],
    });
  }
});

test('no serious accessibility violations: the signed-in pages', async ({ page }) => {
  await signInAt(page, '/profile');
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
  await page.getByRole('link', { name: 'API', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'API', exact: true })).toBeVisible();
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
});

test('no serious accessibility violations: the lab with results, every detail open', async ({
  page,
}) => {
  test.slow(); // four experiments, then axe over the whole lab
  await signInToLab(page);
  await runExperiment(page, 'offline-access', 1);
  await runExperiment(page, 'refresh-grant', 2);
  await runExperiment(page, 'cross-site', 6);
  await runExperiment(page, 'storage-audit', 11);
  for (const details of await page.locator('details').all()) {
    await details.evaluate((node) => node.setAttribute('open', ''));
  }
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
});

test('the lab is keyboard-usable: the run buttons are reachable and run with Enter', async ({
  page,
}) => {
  await page.goto('/lab');
  const button = experimentCard(page, 'refresh-grant').getByRole('button', {
    name: 'Run experiment 2',
    exact: true,
  });
  await button.focus();
  await expect(button).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(
    experimentCard(page, 'refresh-grant').getByTestId('experiment-outcome'),
  ).toHaveAttribute('data-code', 'unauthorized_client');
});
