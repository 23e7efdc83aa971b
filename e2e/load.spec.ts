import type { BrowserContext, Page } from '@playwright/test';
import type { ControlClient } from '../src/testing/controlClient.ts';
import { signInWithSession } from '../src/testing/playwright.ts';
import { timelineEntries } from './support/spa.ts';
import { ALICE, expect, type Stack, test } from './support/stack.ts';

const CONTEXTS = 20;
/**
 * 15 s tokens renew at half-life, every 7.5 s plus the renewal's own time: 4 renewals take each
 * context under a minute. Not shorter: 20 renderers on a loaded 2-core machine take seconds per
 * renewal (the annotation reports it), and a token must outlive its renewal.
 */
const ACCESS_TOKEN_SECONDS = 15;
const RENEWALS = 4;

/** Each page's count of renewals, once all have RENEWALS of them or `timeoutMs` has passed. */
async function renewalsWithin(pages: Page[], timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const counts = await Promise.all(pages.map((page) => timelineEntries(page, 'renewed').count()));
    if (counts.every((count) => count >= RENEWALS) || Date.now() >= deadline) return counts;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

const SIGN_IN_BATCH = 5;

/** A page of the SPA in `context`, signed in by its silent sign-in with a server session. */
async function signIn(
  context: BrowserContext,
  stack: Stack,
  control: ControlClient,
): Promise<Page> {
  await signInWithSession(context, control, { origin: stack.auth, email: ALICE.email });
  const page = await context.newPage();
  await page.goto('/');
  const outcome = page.locator(
    '[data-testid="timeline-entry"]:is([data-type="signed_in"], [data-type="silent_login_failed"])',
  );
  await expect(outcome).toHaveCount(1, { timeout: 60_000 });
  expect(await outcome.getAttribute('data-type'), await timelineText(page)).toBe('signed_in');
  return page;
}

const timelineText = async (page: Page | undefined) =>
  page ? (await page.getByTestId('timeline-entry').allInnerTexts()).reverse().join('\n') : '';

test(`${CONTEXTS} browser contexts renewing at once for about a minute: every one renews ${RENEWALS} times, none fails`, async ({
  browser,
  stack,
  auth,
}) => {
  // A guard against a hang, not a speed bound: the assertions are counts and causes. Alone on
  // a quiet machine the test takes ~2 min; with DPoP on (a key per context, a proof per
  // exchange) one CI run went past 180 s, so the guard leaves room for a slow machine.
  test.setTimeout(420_000);
  await auth.control.setLifetimes({ accessTokenSeconds: ACCESS_TOKEN_SECONDS });
  const contexts: BrowserContext[] = [];
  const t0 = Date.now();
  try {
    // Separate contexts: no shared cookies, locks or channels, so no tab renews for another.
    // Signed in a few at a time: this test is about renewing together, not booting together.
    const pages: Page[] = [];
    for (let batch = 0; batch < CONTEXTS; batch += SIGN_IN_BATCH) {
      const count = Math.min(SIGN_IN_BATCH, CONTEXTS - batch);
      pages.push(
        ...(await Promise.all(
          Array.from({ length: count }, async () => {
            const context = await browser.newContext({ baseURL: stack.spa });
            contexts.push(context);
            return signIn(context, stack, auth.control);
          }),
        )),
      );
    }
    const startedAt = Date.now();
    const signInMs = startedAt - t0;

    const counts = await renewalsWithin(pages, 240_000);
    const behind = counts.flatMap((count, index) => (count < RENEWALS ? [index] : []));
    expect(
      behind,
      `contexts with fewer than ${RENEWALS} renewals (${counts.join(', ')}); the first one's timeline:\n${
        behind.length > 0 ? await timelineText(pages[behind[0] ?? 0]) : ''
      }`,
    ).toEqual([]);
    const elapsedMs = Date.now() - startedAt;

    const durations: number[] = [];
    for (const [index, page] of pages.entries()) {
      await expect(timelineEntries(page, 'renew_failed'), `context ${index}`).toHaveCount(0);
      await expect(timelineEntries(page, 'renew_retry_scheduled'), `context ${index}`).toHaveCount(
        0,
      );
      durations.push(
        ...(
          await timelineEntries(page, 'renewed').evaluateAll((entries) =>
            entries.map((entry) => entry.getAttribute('data-duration-ms')),
          )
        ).map(Number),
      );
    }
    // The server's side of it: every code exchange (sign-ins and renewals) answered 200.
    const exchanges = (await auth.control.requests()).filter(
      (entry) => entry.path === '/oauth/token' && entry.method === 'POST',
    );
    expect(exchanges.length).toBeGreaterThanOrEqual(CONTEXTS * (RENEWALS + 1));
    expect(exchanges.filter((entry) => entry.status !== 200)).toEqual([]);
    durations.sort((a, b) => a - b);
    const at = (q: number) =>
      durations[Math.min(durations.length - 1, Math.floor(q * durations.length))];
    test.info().annotations.push({
      type: 'load',
      description: `${CONTEXTS} contexts signed in in ${Math.round(signInMs / 1000)} s, then ${durations.length} renewals (the last context reached ${RENEWALS} ${Math.round(elapsedMs / 1000)} s after the last sign-in), none failed; renewal median ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${durations.at(-1)} ms`,
    });
  } finally {
    await Promise.all(contexts.map((context) => context.close()));
  }
});
