import { expect, type Page, test } from '@playwright/test';
import { signInWithSession } from '../src/testing/playwright.ts';
import { signInOnHostedPage } from './support/login.ts';
import {
  type RestartableStack,
  restartablePortsFor,
  startRestartableStack,
} from './support/restartableStack.ts';
import { authStatus, recordSilentRequests, timelineEntries } from './support/spa.ts';
import { ALICE } from './support/stack.ts';

/**
 * Faults around silent renewal, against a stack of this spec's own: the authorization server
 * here really stops and starts again on its port (the suite's shared stack cannot). Nothing is
 * mocked: the faults are the server's own (control API) or the server really gone.
 */
let stack: RestartableStack;

// Each test waits out planned delays (backoff steps, a 3 s hang, 6 s tokens) besides its own
// steps; on a loaded 2-core machine that alone ran past the default 30 s. A limit, not a budget.
test.describe.configure({ timeout: 90_000 });

test.beforeAll(async () => {
  // A hung request is diagnosed as a timeout after 3 s rather than the default 10 s.
  stack = await startRestartableStack(restartablePortsFor(test.info().parallelIndex), {
    silentTimeoutSeconds: 3,
  });
});

test.afterAll(async () => {
  await stack?.close();
});

test.beforeEach(async () => {
  await stack.startAuthServer({ keepSessions: true }).catch(() => undefined);
  await stack.control.reset();
});

/** Signs in through a server session's cookie and the SPA's silent sign-in at page load. */
async function signIn(page: Page, path = '/') {
  await signInWithSession(page.context(), stack.control, {
    origin: stack.auth,
    email: ALICE.email,
  });
  await page.goto(`${stack.spa}${path}`);
  await expect(authStatus(page)).toHaveText('authenticated');
}

const renewNow = (page: Page) => page.getByRole('button', { name: 'Renew now' }).click();

/** The data attribute `name` of every timeline entry of `type`, oldest first. */
async function timelineValues(page: Page, type: string, name: string) {
  const values = await timelineEntries(page, type).evaluateAll(
    (entries, attribute) => entries.map((entry) => entry.getAttribute(attribute)),
    `data-${name}`,
  );
  return values.reverse();
}

/**
 * Every `<attempt>_failed` said network_error, and every `<attempt>_started` after the first
 * (started by `firstTrigger`) was a retry: one retry per failure, nothing else.
 */
async function expectRetriedAfterNetworkErrors(
  page: Page,
  attempt: 'renew' | 'silent_login',
  firstTrigger: string,
) {
  const reasons = await timelineValues(page, `${attempt}_failed`, 'reason');
  expect(new Set(reasons)).toEqual(new Set(['network_error']));
  expect(await timelineValues(page, `${attempt}_started`, 'trigger')).toEqual([
    firstTrigger,
    ...reasons.map(() => 'retry'),
  ]);
}

test('the server fails, then hangs, then answers: each failure diagnosed, retried with backoff, renewed', async ({
  page,
}) => {
  await signIn(page);
  const silent = { query: { prompt: 'none' } };
  await stack.control.forceError('/authorize', 'server_error', silent);
  await stack.control.hang('/authorize', silent);
  await renewNow(page);

  await expect(timelineEntries(page, 'renewed')).toHaveCount(1, { timeout: 15_000 });
  await expect(authStatus(page)).toHaveText('authenticated');
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(await timelineValues(page, 'renew_failed', 'reason')).toEqual(['server_error', 'timeout']);
  expect(await timelineValues(page, 'renew_started', 'trigger')).toEqual([
    'manual',
    'retry',
    'retry',
  ]);
  // The delays the scheduler planned (behaviour, not elapsed time): exponential, each within
  // its step's jitter bounds.
  expect(await timelineValues(page, 'renew_retry_scheduled', 'attempt')).toEqual(['1', '2']);
  const [first, second] = (await timelineValues(page, 'renew_retry_scheduled', 'delay-ms')).map(
    Number,
  );
  expect(first).toBeGreaterThanOrEqual(500);
  expect(first).toBeLessThanOrEqual(1_000);
  expect(second).toBeGreaterThanOrEqual(1_000);
  expect(second).toBeLessThanOrEqual(2_000);
  await expect(timelineEntries(page, 'renew_retry_scheduled').last()).toContainText(
    'Retry 1 of 7 after server_error',
  );
});

test('the token endpoint answers 429 with Retry-After: rate_limited, retried no sooner than asked, renewed', async ({
  page,
}) => {
  await signIn(page);
  await stack.control.forceError('/oauth/token', 'too_many_requests', { retryAfterSeconds: 3 });
  await renewNow(page);

  await expect(timelineEntries(page, 'renew_failed').first()).toHaveAttribute(
    'data-reason',
    'rate_limited',
  );
  const notice = page.getByRole('alert');
  await expect(notice).toContainText('too many requests');
  await expect(notice).toContainText('The server asked to wait 3 s');
  await expect(timelineEntries(page, 'renew_retry_scheduled').first()).toContainText(
    'after rate_limited',
  );
  await expect(timelineEntries(page, 'renew_retry_scheduled').first()).toContainText(
    '(the server asked for 3 s)',
  );
  await expect(timelineEntries(page, 'renewed')).toHaveCount(1, { timeout: 10_000 });
  await expect(authStatus(page)).toHaveText('authenticated');
  await expect(notice).toHaveCount(0);

  // Planned at least Retry-After ahead, jittered above it by at most half the first step; and
  // the retry really started no sooner.
  const [delayMs] = (await timelineValues(page, 'renew_retry_scheduled', 'delay-ms')).map(Number);
  expect(delayMs).toBeGreaterThanOrEqual(3_000);
  expect(delayMs).toBeLessThanOrEqual(3_500);
  const at = async (type: string) =>
    Date.parse(
      (await timelineEntries(page, type).first().locator('time').getAttribute('datetime')) ?? '',
    );
  expect((await at('renew_started')) - (await at('renew_failed'))).toBeGreaterThanOrEqual(3_000);
  expect(await timelineValues(page, 'renew_started', 'trigger')).toEqual(['manual', 'retry']);
});

test('the server is down at page load: the silent sign-in is retried and signs in once it is back, without a click', async ({
  page,
}) => {
  await signInWithSession(page.context(), stack.control, {
    origin: stack.auth,
    email: ALICE.email,
  });
  await stack.stopAuthServer();
  await page.goto(`${stack.spa}/`);

  await expect(timelineEntries(page, 'silent_login_failed').first()).toHaveAttribute(
    'data-reason',
    'network_error',
  );
  await expect(authStatus(page)).toHaveText('anonymous');
  const notice = page.getByRole('alert');
  await expect(notice).toContainText('Could not check whether you are signed in');
  await expect(notice).toContainText('Trying again by itself');
  await expect
    .poll(() => timelineEntries(page, 'renew_retry_scheduled').count(), { timeout: 10_000 })
    .toBeGreaterThanOrEqual(2);

  await stack.startAuthServer({ keepSessions: true });
  await expect(authStatus(page)).toHaveText('authenticated', { timeout: 15_000 });
  await expect(notice).toHaveCount(0);
  expect(page.url()).toBe(`${stack.spa}/`);
  await expectRetriedAfterNetworkErrors(page, 'silent_login', 'boot');
});

test('the server is down during renewal: network_error, retried until it is back, then renewed in place', async ({
  page,
}) => {
  await signIn(page);
  await stack.stopAuthServer();
  await renewNow(page);

  const notice = page.getByRole('alert');
  await expect(timelineEntries(page, 'renew_failed').first()).toHaveAttribute(
    'data-reason',
    'network_error',
  );
  await expect(notice).toContainText('could not be reached');
  await expect(notice).toContainText('Trying again by itself');
  // Still failing, still retrying, further apart.
  await expect
    .poll(() => timelineEntries(page, 'renew_retry_scheduled').count(), { timeout: 10_000 })
    .toBeGreaterThanOrEqual(2);
  await expect(authStatus(page)).toHaveText('authenticated');

  await stack.startAuthServer({ keepSessions: true });
  await expect(timelineEntries(page, 'renewed')).toHaveCount(1, { timeout: 15_000 });
  await expect(authStatus(page)).toHaveText('authenticated');
  await expect(notice).toHaveCount(0);
  expect(page.url()).toBe(`${stack.spa}/`);
  await expectRetriedAfterNetworkErrors(page, 'renew', 'manual');
});

test('the server restarted and forgot the session: one login_required, a clear signed-out state, one automatic redirect at most', async ({
  page,
}) => {
  await stack.control.setLifetimes({ accessTokenSeconds: 6 });
  await signIn(page, '/api');
  const silent = recordSilentRequests(page.context(), stack.auth);
  const topLevelToServer: string[] = [];
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame() && frame.url().startsWith(`${stack.auth}/`)) {
      topLevelToServer.push(frame.url());
    }
  });

  await stack.stopAuthServer();
  await stack.startAuthServer({ keepSessions: false });
  // Same signing key as before the restart: the token issued before it still works at the API.
  await page.getByRole('button', { name: 'Call /api/profile' }).click();
  await expect(page.getByTestId('api-result')).toContainText('"sub": "auth0|alice"');

  // The next renewal learns the session is gone: said once, not retried, then expired.
  await expect(timelineEntries(page, 'renew_failed').first()).toHaveAttribute(
    'data-reason',
    'login_required',
    { timeout: 10_000 },
  );
  await expect(authStatus(page)).toHaveText('expired', { timeout: 10_000 });
  const notice = page.getByRole('alert');
  await expect(notice).toContainText('Your session has expired');
  await expect(notice).toContainText('no longer has a session');
  await expect(notice).not.toContainText('Trying again');
  await expect(timelineEntries(page, 'renew_retry_scheduled')).toHaveCount(0);
  expect(silent).toHaveLength(1);
  expect(topLevelToServer).toHaveLength(0);

  // Acting on the page: one automatic trip to the login page.
  await page.getByRole('button', { name: 'Call /api/profile' }).click();
  await expect(page.getByLabel('Password')).toBeVisible();
  expect(topLevelToServer).toHaveLength(1);

  // Back without signing in: signed out, said plainly, and no second automatic redirect.
  await page.goBack();
  await expect(authStatus(page)).toHaveText('anonymous');
  const signInButton = page.getByRole('button', { name: 'Sign in to see this page' });
  await expect(signInButton).toBeVisible();
  await expect(page.getByText('You are signed out')).toBeVisible();
  await page.reload();
  await expect(signInButton).toBeVisible();
  expect(page.url()).toBe(`${stack.spa}/api`);
  expect(topLevelToServer).toHaveLength(1);

  // Signing in by hand works against the restarted server.
  await signInButton.click();
  await signInOnHostedPage(page);
  await expect(page).toHaveURL(`${stack.spa}/api`);
  await expect(authStatus(page)).toHaveText('authenticated');
  await page.getByRole('button', { name: 'Call /api/profile' }).click();
  await expect(page.getByTestId('api-result')).toContainText('"sub": "auth0|alice"');
});

test('offline then online: the failure says offline, waits without a timer, renews at once on online', async ({
  page,
  context,
}) => {
  await signIn(page);
  await context.setOffline(true);
  await renewNow(page);

  await expect(timelineEntries(page, 'renew_failed').first()).toHaveAttribute(
    'data-reason',
    'offline',
  );
  // Planned in the same task as the failure, so none now means none at all.
  await expect(timelineEntries(page, 'renew_retry_scheduled')).toHaveCount(0);
  const notice = page.getByRole('alert');
  await expect(notice).toContainText('Your browser is offline');
  await expect(notice).toContainText('back online');

  await context.setOffline(false);
  await expect(timelineEntries(page, 'renewed')).toHaveCount(1);
  expect(await timelineValues(page, 'renew_started', 'trigger')).toEqual(['manual', 'online']);
  await expect(authStatus(page)).toHaveText('authenticated');
  await expect(notice).toHaveCount(0);
});
