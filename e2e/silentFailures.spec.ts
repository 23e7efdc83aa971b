import type { Frame, Page } from '@playwright/test';
import {
  accessTokenExpiresAt,
  authStatus,
  chooseLabSetting,
  lastRenewal,
  lastRenewalFailure,
  logInFromHome,
  timelineEntries,
} from './support/spa.ts';
import { expect, type Stack, test } from './support/stack.ts';

const renewNow = (page: Page) => page.getByRole('button', { name: 'Renew now' }).click();

test('against 127.0.0.1 (cross-site) renewal fails with third_party_cookies_blocked, found by the cookie probe', async ({
  page,
  stack,
}) => {
  await page.goto('/');
  await chooseLabSetting(page, 'Authorization server host', '127.0.0.1');
  const visited: string[] = [];
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) visited.push(frame.url());
  });
  // Signing in at the top level makes a session there; only the hidden frame lacks its cookie.
  await logInFromHome(page);
  expect(visited.some((url) => url.startsWith(`${stack.authCrossSite}/`))).toBe(true);
  await renewNow(page);

  const failure = await lastRenewalFailure(page);
  // The cause and the path that found it, never the timeout: times are the benchmark's business.
  expect(failure).toMatchObject({
    reason: 'third_party_cookies_blocked',
    decidedBy: 'cookie_probe',
  });
  test.info().annotations.push({
    type: 'diagnosis',
    description: `third_party_cookies_blocked (${failure.transport}): ${failure.durationMs} ms`,
  });
  await expect(page.getByRole('alert')).toContainText('blocked the authorization server');
  // Still signed in while the token lasts, and told what to do.
  await expect(authStatus(page)).toHaveText('authenticated');
  await expect(
    page.getByRole('alert').getByRole('button', { name: 'Sign in again' }),
  ).toBeVisible();
});

for (const transport of ['web_message', 'iframe'] as const) {
  test(`a client without a web origin: frame_blocked through ${transport}, found by the load check`, async ({
    page,
  }) => {
    await page.goto('/');
    await chooseLabSetting(page, 'Client', 'unframeable');
    await chooseLabSetting(page, 'Silent transport', transport);
    await logInFromHome(page);
    await renewNow(page);

    const failure = await lastRenewalFailure(page);
    expect(failure).toMatchObject({ reason: 'frame_blocked', decidedBy: 'load_without_message' });
    test.info().annotations.push({
      type: 'diagnosis',
      description: `frame_blocked (${transport}): ${failure.durationMs} ms`,
    });
    await expect(page.getByRole('alert')).toContainText('refused to be loaded in a hidden frame');
  });
}

/** Messages an attacker posts, with a guessed state, in both shapes the transports read. */
const forgedResponses = (stack: Stack) => [
  { type: 'authorization_response', response: { code: 'forged-code', state: 'guessed-state' } },
  {
    source: 'oidc-client',
    url: `${stack.spa}/silent-callback.html?code=forged-code&state=guessed-state`,
    keepOpen: false,
  },
];

/** Another origin's page framed inside ours (an ad, a widget): the SPA server by IP. */
async function frameFromAnotherOrigin(stack: Stack, page: Page): Promise<Frame> {
  const url = `${stack.spaOtherOrigin}/silent-callback.html`;
  await page.evaluate((src) => {
    const frame = document.createElement('iframe');
    frame.src = src;
    frame.title = 'Someone else';
    document.body.append(frame);
  }, url);
  await expect.poll(() => page.frames().some((frame) => frame.url() === url)).toBe(true);
  const frame = page.frames().find((candidate) => candidate.url() === url);
  if (!frame) throw new Error('the hostile frame did not load');
  return frame;
}

const postToParent = (frame: Frame, messages: unknown[]) =>
  frame.evaluate((messages) => {
    for (const message of messages) window.parent.postMessage(message, '*');
  }, messages);

const postToOpener = (popup: Page, messages: unknown[]) =>
  popup.evaluate((messages) => {
    for (const message of messages) window.opener.postMessage(message, '*');
  }, messages);

test('forged authorization responses from another origin’s frame and window change nothing', async ({
  page,
  stack,
}) => {
  const forged = forgedResponses(stack);
  const tokenRequests: string[] = [];
  page.on('request', (request) => {
    if (request.url() === `${stack.auth}/oauth/token`) {
      tokenRequests.push(request.postData() ?? '');
    }
  });
  await page.goto('/');
  await logInFromHome(page);
  const expiry = await accessTokenExpiresAt(page);
  const exchanges = tokenRequests.length;

  // No renewal waiting: a frame of another origin posts a "response".
  const hostileFrame = await frameFromAnotherOrigin(stack, page);
  await postToParent(hostileFrame, forged);
  await expect(timelineEntries(page, 'message_ignored')).toHaveCount(2);
  // And a window of another origin that holds a reference to ours (here: one we opened).
  const [popup] = await Promise.all([
    page.waitForEvent('popup'),
    page.evaluate(
      (url) => void window.open(url, 'someone-else'),
      `${stack.spaOtherOrigin}/silent-callback.html`,
    ),
  ]);
  await popup.waitForLoadState();
  await postToOpener(popup, forged);
  await expect(timelineEntries(page, 'message_ignored')).toHaveCount(4);
  expect(await accessTokenExpiresAt(page)).toBe(expiry);
  await expect(authStatus(page)).toHaveText('authenticated');
  expect(tokenRequests).toHaveLength(exchanges);

  // A renewal waiting for its answer: the forgeries arrive first and are refused; the real
  // answer, from our own frame, is the one used.
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route(
    (url) => url.origin === stack.auth && url.pathname === '/authorize',
    async (route) => {
      await held;
      await route.continue();
    },
  );
  await renewNow(page);
  await expect(authStatus(page)).toHaveText('renewing');
  await postToParent(hostileFrame, forged);
  await postToOpener(popup, forged);
  await expect(timelineEntries(page, 'message_ignored')).toHaveCount(8);
  await expect(timelineEntries(page, 'message_ignored').first()).toContainText(
    'from a window other than our frame',
  );
  release();
  await lastRenewal(page);
  await expect(authStatus(page)).toHaveText('authenticated');
  expect(tokenRequests).toHaveLength(exchanges + 1);
  expect(tokenRequests.at(-1)).not.toContain('forged-code');
});
