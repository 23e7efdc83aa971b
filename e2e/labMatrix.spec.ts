/**
 * Issue 14: every lab experiment in every combination of server host, silent transport and
 * sign-in flow, each verdict checked against the true one for that combination (with its cause
 * for the ones that do not pass). One page per combination runs the lab's "Run every experiment
 * that keeps your session", then the two that end the session (5, then 8: 5 leaves this tab its
 * tokens, 8 signs it out).
 *
 * A new experiment fails this spec until it has a row in EXPECTED: add one per experiment id,
 * with the verdict at each host (and, where transport, flow or a grant changes it, a function of
 * the combination).
 */
import type { Page } from '@playwright/test';
import { experimentCard, runExperiment } from './support/lab.ts';
import { authStatus } from './support/spa.ts';
import { ALICE, expect, type Stack, test } from './support/stack.ts';

const HOSTS = ['localhost', '127.0.0.1'] as const;
const TRANSPORTS = ['iframe', 'web_message'] as const;
const FLOWS = ['code', 'implicit'] as const;

interface Combination {
  host: (typeof HOSTS)[number];
  transport: (typeof TRANSPORTS)[number];
  flow: (typeof FLOWS)[number];
  /** The kit's storage access grant (standing in for the person's click) is in place. */
  granted?: boolean;
}

interface Expected {
  /** null: the experiment did not run (its card shows no outcome). */
  verdict: 'confirmed' | 'contradicted' | 'precondition' | 'error' | null;
  code: string | null;
  /** What settled the cause, where the experiment diagnoses one. */
  decidedBy?: string;
}

const confirmed = (code: string, decidedBy?: string): Expected => ({
  verdict: 'confirmed',
  code,
  ...(decidedBy ? { decidedBy } : {}),
});
const precondition = (code: string, decidedBy?: string): Expected => ({
  verdict: 'precondition',
  code,
  ...(decidedBy ? { decidedBy } : {}),
});
/** At 127.0.0.1 without a grant the browser keeps the server's cookie out of every frame. */
const BLOCKED = precondition('third_party_cookies_blocked', 'cookie_probe');
/** Not in "run every experiment" (they need the browser's FedCM): e2e/fedcm.spec.ts runs them. */
const NOT_RUN: Expected = { verdict: null, code: null };
/** DPoP is on by default; the implicit flow's tokens cannot be bound, and the lab says so. */
const dpop =
  (bound: Expected): Cell =>
  ({ flow }) =>
    flow === 'implicit' ? precondition('not_bound') : bound;

type Cell = Expected | ((combination: Combination) => Expected);

/**
 * The true verdict of each experiment, per host. Transport and flow change none of them today:
 * the experiments pick their own transport (4 times both; 12 follows the app's setting and
 * renews either way) and run their own requests whatever flow signed the tab in.
 */
const EXPECTED: Record<string, { localhost: Cell; '127.0.0.1': Cell }> = {
  'offline-access': {
    localhost: confirmed('no_refresh_token'),
    '127.0.0.1': ({ granted }) => (granted ? confirmed('no_refresh_token') : BLOCKED),
  },
  'refresh-grant': {
    localhost: confirmed('unauthorized_client'),
    '127.0.0.1': confirmed('unauthorized_client'),
  },
  'implicit-offline': {
    localhost: confirmed('no_refresh_token'),
    '127.0.0.1': ({ granted }) => (granted ? confirmed('no_refresh_token') : BLOCKED),
  },
  'silent-renewal': {
    localhost: confirmed('renewed'),
    '127.0.0.1': ({ granted }) => (granted ? confirmed('renewed') : BLOCKED),
  },
  // The page's own logout request is cross-site at 127.0.0.1: the Lax session cookie never goes.
  'session-ended': {
    localhost: confirmed('login_required'),
    '127.0.0.1': ({ granted }) => (granted ? precondition('cross_site_logout') : BLOCKED),
  },
  // Always run at 127.0.0.1, whatever the host chosen; a grant lets it renew, and it says so.
  'cross-site': {
    localhost: confirmed('third_party_cookies_blocked', 'cookie_probe'),
    '127.0.0.1': ({ granted }) =>
      granted
        ? precondition('storage_access_granted', 'cookie_probe')
        : confirmed('third_party_cookies_blocked', 'cookie_probe'),
  },
  unframeable: {
    localhost: confirmed('frame_blocked', 'load_without_message'),
    '127.0.0.1': confirmed('frame_blocked', 'load_without_message'),
  },
  'other-tab-logout': { localhost: confirmed('noticed'), '127.0.0.1': confirmed('noticed') },
  'rate-limit': {
    localhost: confirmed('too_many_requests'),
    '127.0.0.1': confirmed('too_many_requests'),
  },
  // Nobody ran the native demo's sign-in here: it says what to run first.
  'native-app': {
    localhost: precondition('no_native_token'),
    '127.0.0.1': precondition('no_native_token'),
  },
  'storage-audit': { localhost: confirmed('clean'), '127.0.0.1': confirmed('clean') },
  'storage-access': {
    localhost: precondition('storage_access_not_needed', 'cookie_probe'),
    '127.0.0.1': ({ granted }) =>
      granted ? confirmed('renewed_with_storage_access', 'cookie_probe') : BLOCKED,
  },
  'dpop-copied-token': {
    localhost: dpop(confirmed('copy_refused', 'server_answer')),
    '127.0.0.1': dpop(confirmed('copy_refused', 'server_answer')),
  },
  'dpop-replayed-proof': {
    localhost: dpop(confirmed('replay_refused', 'server_answer')),
    '127.0.0.1': dpop(confirmed('replay_refused', 'server_answer')),
  },
  'dpop-wrong-target': {
    localhost: dpop(confirmed('target_refused', 'server_answer')),
    '127.0.0.1': dpop(confirmed('target_refused', 'server_answer')),
  },
  // Nonces are on in these runs (see freezeClock below).
  'dpop-nonce': {
    localhost: dpop(confirmed('nonce_round_trip', 'server_answer')),
    '127.0.0.1': dpop(confirmed('nonce_round_trip', 'server_answer')),
  },
  'fedcm-sign-in': { localhost: NOT_RUN, '127.0.0.1': NOT_RUN },
  'fedcm-auto-reauthn': { localhost: NOT_RUN, '127.0.0.1': NOT_RUN },
};

const expectedFor = (combination: Combination): Record<string, Expected> =>
  Object.fromEntries(
    Object.entries(EXPECTED).map(([id, row]) => {
      const cell = row[combination.host];
      return [id, typeof cell === 'function' ? cell(combination) : cell];
    }),
  );

/** Experiments that end the session, run after the others, in this order. */
const SESSION_ENDING = [
  ['session-ended', 5],
  ['other-tab-logout', 8],
] as const;

/** Every experiment card on the lab page: id and outcome as the card announces it. */
async function outcomes(page: Page): Promise<Record<string, Expected>> {
  const cards = await page.locator('article.experiment').all();
  const entries = await Promise.all(
    cards.map(async (card) => {
      const id = ((await card.getAttribute('data-testid')) ?? '').replace(/^experiment-/, '');
      const outcome = card.getByTestId('experiment-outcome');
      const decidedBy = await outcome.getAttribute('data-decided-by');
      return [
        id,
        {
          verdict: await outcome.getAttribute('data-verdict'),
          code: await outcome.getAttribute('data-code'),
          ...(decidedBy ? { decidedBy } : {}),
        },
      ] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<string, Expected>;
}

/** The tab's lab settings before the app boots (sessionStorage, as the settings panel keeps them). */
async function useLabSettings(page: Page, stack: Stack, combination: Combination) {
  await page.addInitScript(
    ({ origin, settings }) => {
      if (location.origin === origin) {
        sessionStorage.setItem('silent-auth-lab.settings', JSON.stringify(settings));
      }
    },
    {
      origin: stack.spa,
      settings: {
        authHost: combination.host,
        silentTransport: combination.transport,
        signInMode: combination.flow,
      },
    },
  );
}

/**
 * Signs the tab in at the chosen host: a server session from the kit, then the app's own
 * sign-in (silent where the frame gets the cookie; else one full-page trip, no form to fill).
 */
async function signInAtHost(page: Page, combination: Combination) {
  await page.goto('/lab');
  await expect(authStatus(page)).not.toHaveText('authenticating', { timeout: 20_000 });
  if ((await authStatus(page).textContent()) !== 'authenticated') {
    await page.getByRole('button', { name: 'Log in', exact: true }).click();
    // The kit's session makes the hosted page answer at once; a login form would mean none.
    await page.waitForURL('**/lab');
  }
  await expect(authStatus(page)).toHaveText('authenticated', { timeout: 20_000 });
  expect(new URL(page.url()).pathname, `${JSON.stringify(combination)}: back in the lab`).toBe(
    '/lab',
  );
}

/**
 * Runs the lab's "run every experiment" and then the session-ending ones. First, before any
 * time is spent, every experiment on the page must have a row in EXPECTED and every row an
 * experiment (the final comparison would say so too, but only after the whole run).
 */
async function runEveryExperiment(page: Page): Promise<void> {
  const ids = await page
    .locator('article.experiment')
    .evaluateAll((cards) =>
      cards.map((card) => card.getAttribute('data-testid')?.replace(/^experiment-/, '') ?? ''),
    );
  expect(
    ids.filter((id) => !(id in EXPECTED)),
    'experiments without a row in EXPECTED',
  ).toEqual([]);
  expect(
    Object.keys(EXPECTED).filter((id) => !ids.includes(id)),
    'rows without an experiment',
  ).toEqual([]);
  await page
    .getByRole('button', { name: 'Run every experiment that keeps your session', exact: true })
    .click();
  const total = Object.keys(EXPECTED).length;
  const notInRunAll = Object.values(EXPECTED).filter((row) => row.localhost === NOT_RUN).length;
  await expect(page.getByTestId('lab-progress')).toHaveText(
    `${total - SESSION_ENDING.length - notInRunAll} of ${total} run`,
    { timeout: 120_000 },
  );
  for (const [id, number] of SESSION_ENDING) await runExperiment(page, id, number);
}

const COMBINATIONS: Combination[] = HOSTS.flatMap((host) =>
  TRANSPORTS.flatMap((transport) => FLOWS.map((flow) => ({ host, transport, flow }))),
);

for (const combination of COMBINATIONS) {
  const name = `${combination.host}, ${combination.transport}, ${combination.flow} flow`;
  test(`${name}: every experiment's verdict is the true one`, async ({
    page,
    context,
    stack,
    auth,
  }) => {
    test.setTimeout(180_000);
    // Experiment 9 counts in fixed windows of the server clock: held still, its 31 requests
    // cannot straddle a window's end (on a loaded machine they take seconds). A still clock
    // leaves DPoP proofs' iat ahead of it once a few seconds have passed, and the server then
    // asks for a nonce anyway; with nonces on from the start, experiment 16's answer does not
    // depend on how long the run took.
    await auth.control.freezeClock();
    await auth.control.setDpop({ requireNonce: true });
    await auth.signIn(context, {
      email: ALICE.email,
      origin: combination.host === 'localhost' ? stack.auth : stack.authCrossSite,
    });
    await useLabSettings(page, stack, combination);
    await signInAtHost(page, combination);
    await runEveryExperiment(page);
    expect(await outcomes(page)).toEqual(expectedFor(combination));
    if (combination.host === '127.0.0.1') {
      // Blocked, and diagnosed precisely: no grant yet, and this browser can ask for one.
      await expect(
        experimentCard(page, 'storage-access').getByTestId('experiment-outcome'),
      ).toContainText('not granted; this browser can ask you');
    }
  });
}

test('127.0.0.1 after one storage access grant: the experiments that ride on the session renew across sites', async ({
  page,
  context,
  stack,
  auth,
}) => {
  test.setTimeout(180_000);
  const combination: Combination = {
    host: '127.0.0.1',
    transport: 'iframe',
    flow: 'code',
    granted: true,
  };
  await auth.control.freezeClock();
  await auth.control.setDpop({ requireNonce: true });
  await auth.signIn(context, { email: ALICE.email, origin: stack.authCrossSite });
  await useLabSettings(page, stack, combination);
  await page.goto('/lab');
  // Blocked, and the app offers the grant; the kit's grant stands in for the person's "Allow".
  const grant = page
    .frameLocator('iframe[title="Storage access for the authorization server"]')
    .getByRole('button', { name: 'Allow Silent Auth Lab to keep you signed in across sites' });
  await expect(grant).toBeVisible({ timeout: 20_000 });
  await auth.grantStorageAccess(page, { topOrigin: stack.spa });
  await grant.click();
  await expect(authStatus(page)).toHaveText('authenticated', { timeout: 20_000 });

  await runEveryExperiment(page);
  expect(await outcomes(page)).toEqual(expectedFor(combination));

  // Experiment 12's evidence, as the page saw it: inactive, the retry, active with the cookie,
  // then the tokens of the renewal.
  const card = experimentCard(page, 'storage-access');
  await expect(card).toContainText('Sec-Fetch-Storage-Access: inactive, no cookie');
  await expect(card).toContainText('Activate-Storage-Access: retry');
  await expect(card).toContainText('Sec-Fetch-Storage-Access: active, cookie sent');
  await expect(card.locator('[data-testid="step-response"][data-status="200"]')).toHaveCount(1);
});
