import type { Page } from '@playwright/test';
import {
  answerElsewhere,
  chooseImplicitFlow,
  fragmentOf,
  historyEntries,
  jwtPayload,
  rawImplicitAuthorizeUrl,
  recordTopLevelUrls,
  walkBackThroughHistory,
  withTamperedSignature,
} from './support/implicit.ts';
import { signInOnHostedPage } from './support/login.ts';
import {
  accessTokenExpiresAt,
  authStatus,
  expectApiWorksPastFirstExpiry,
  expectNewAccessToken,
  logInFromHome,
  recordSilentRequests,
  timelineEntries,
} from './support/spa.ts';
import { ALICE, expect, type Stack, test } from './support/stack.ts';

// Issue 4: the legacy implicit flow, selectable in the lab settings and labelled deprecated.
// Tokens come in the URL fragment at sign-in and by web_message (checkSession) at renewal.

/** Top-level /authorize requests (not the hidden frames'). */
function recordLoginRequests(stack: Stack, page: Page): URL[] {
  const requests: URL[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (
      request.isNavigationRequest() &&
      request.frame() === page.mainFrame() &&
      url.origin === stack.auth &&
      url.pathname === '/authorize'
    ) {
      requests.push(url);
    }
  });
  return requests;
}

test('implicit sign-in through the UI: the tokens come in the fragment, which leaves the URL and history', async ({
  page,
  stack,
}) => {
  await page.goto('/');
  await expect(page.getByText('authorization code with PKCE')).toBeVisible();
  await chooseImplicitFlow(page);
  // The home page says which flow this tab uses.
  await expect(page.getByText(/the legacy implicit flow, chosen in this tab/)).toBeVisible();
  const logins = recordLoginRequests(stack, page);
  const visited = recordTopLevelUrls(page);
  await page.goto('/profile');
  await signInOnHostedPage(page);
  await expect(page).toHaveURL('/profile');
  await expect(authStatus(page)).toHaveText('authenticated');
  await expect(page.getByTestId('user-email')).toHaveText(ALICE.email);
  await expect(timelineEntries(page, 'signed_in')).toContainText('Signed in via redirect');

  // The request: id_token token with a fresh state and nonce, no PKCE.
  const login = logins.at(-1);
  expect(login?.searchParams.get('response_type')).toBe('id_token token');
  expect(login?.searchParams.get('state')).toMatch(/^[\w-]{22}$/);
  expect(login?.searchParams.get('nonce')).toMatch(/^[\w-]{22}$/);
  expect(login?.searchParams.get('code_challenge')).toBeNull();
  // The answer did carry the tokens in the fragment of /callback ...
  const callback = visited.find((url) => url.startsWith(`${stack.spa}/callback#`));
  expect(callback).toBeDefined();
  const fragment = fragmentOf(callback ?? '');
  expect(fragment.get('access_token')).toBeTruthy();
  expect(fragment.get('id_token')).toBeTruthy();
  expect(fragment.get('refresh_token')).toBeNull();

  // ... and none of it is left: not in the address bar, not in this origin's history entries,
  // not anywhere Back goes.
  expect(page.url()).toBe(`${stack.spa}/profile`);
  const entries = await historyEntries(page);
  expect(entries.length).toBeGreaterThan(0);
  for (const url of entries) expect(url).not.toMatch(/#|access_token|id_token/);

  // The access token works against the API.
  await page.getByRole('link', { name: 'API' }).click();
  await page.getByRole('button', { name: 'Call /api/profile' }).click();
  await expect(page.getByTestId('api-result')).toContainText('"sub": "auth0|alice"');

  const back = await walkBackThroughHistory(page);
  expect(back.length).toBeGreaterThan(0);
  for (const url of back) expect(url).not.toMatch(/access_token|id_token=/);
});

test('renews by checkSession (web_message) past the first token’s expiry, and the API keeps working', async ({
  page,
  stack,
  auth,
}) => {
  // 4 s tokens, renewed at half-life: the second renewal comes after the first token died.
  await auth.control.setLifetimes({ accessTokenSeconds: 4 });
  await page.goto('/');
  await chooseImplicitFlow(page);
  const silent = recordSilentRequests(page.context(), stack.auth);
  await page.goto('/api');
  await signInOnHostedPage(page);
  await expect(page).toHaveURL('/api');
  await expect(authStatus(page)).toHaveText('authenticated');
  const renewal = await expectApiWorksPastFirstExpiry(page, stack.spa);
  expect(renewal.transport).toBe('web_message');
  test.info().annotations.push({
    type: 'renewal',
    description: `implicit checkSession: ${renewal.durationMs} ms`,
  });
  // Every silent request was an implicit checkSession: tokens by web_message, fresh nonce,
  // the current ID token as a hint.
  const renewals = silent.filter((url) => url.searchParams.has('id_token_hint'));
  expect(renewals.length).toBeGreaterThanOrEqual(2);
  for (const url of silent) {
    expect(url.searchParams.get('response_type')).toBe('id_token token');
    expect(url.searchParams.get('response_mode')).toBe('web_message');
    expect(url.searchParams.get('nonce')).toBeTruthy();
    expect(url.searchParams.get('code_challenge')).toBeNull();
  }
  expect(new Set(silent.map((url) => url.searchParams.get('nonce'))).size).toBe(silent.length);
});

test('offline_access in an implicit request is dropped: no refresh token, and not in the scope', async ({
  page,
  stack,
}) => {
  await page.goto(
    rawImplicitAuthorizeUrl(stack, {
      responseType: 'id_token token',
      scope: 'openid profile read:profile offline_access',
      state: 'raw-state-1',
    }),
  );
  await signInOnHostedPage(page);
  await page.waitForURL((url) => url.href.startsWith(`${stack.spa}/silent-callback.html#`));
  const first = fragmentOf(page.url());
  expect(first.get('state')).toBe('raw-state-1');
  expect(first.get('access_token')).toBeTruthy();
  expect(first.get('refresh_token')).toBeNull();
  expect(first.get('scope')?.split(' ')).toEqual(
    expect.arrayContaining(['openid', 'profile', 'read:profile']),
  );
  expect(first.get('scope')?.split(' ')).not.toContain('offline_access');
  expect(String(jwtPayload(first.get('access_token') ?? '').scope).split(' ')).not.toContain(
    'offline_access',
  );
  const idToken = jwtPayload(first.get('id_token') ?? '');
  expect(idToken).toMatchObject({ nonce: 'raw-nonce', sub: 'auth0|alice' });
  expect(idToken.at_hash).toBeTruthy();

  // Again with `token` alone (access token only), now that the server has a session.
  await page.goto(
    rawImplicitAuthorizeUrl(stack, {
      responseType: 'token',
      scope: 'openid offline_access read:orders',
      state: 'raw-state-2',
    }),
  );
  await page.waitForURL((url) => url.href.includes('state=raw-state-2'));
  const second = fragmentOf(page.url());
  expect(second.get('access_token')).toBeTruthy();
  expect(second.get('id_token')).toBeNull();
  expect(second.get('refresh_token')).toBeNull();
  expect(second.get('scope')?.split(' ')).not.toContain('offline_access');
});

const TAMPERINGS = [
  {
    name: 'one character of the ID token signature changed',
    tamper: (fragment: URLSearchParams) =>
      fragment.set('id_token', withTamperedSignature(fragment.get('id_token') ?? '')),
    code: 'id_token_invalid_signature',
    reason: 'invalid_response',
    says: "The authorization server's answer could not be accepted.",
  },
  {
    name: 'another state',
    tamper: (fragment: URLSearchParams) => fragment.set('state', 'forged-state'),
    code: 'state_mismatch',
    reason: 'invalid_state',
    says: 'does not belong to a sign-in started in this browser tab',
  },
  {
    name: 'another access token than the one the ID token’s at_hash names',
    tamper: (fragment: URLSearchParams) =>
      fragment.set('access_token', withTamperedSignature(fragment.get('access_token') ?? '')),
    code: 'at_hash_mismatch',
    reason: 'invalid_response',
    says: "The authorization server's answer could not be accepted.",
  },
];

for (const { name, tamper, code, reason, says } of TAMPERINGS) {
  test(`a fragment with ${name} is refused with the reason shown, and nothing is signed in`, async ({
    page,
    stack,
  }) => {
    await page.goto('/');
    await chooseImplicitFlow(page);
    const logins = recordLoginRequests(stack, page);
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page.getByLabel('Email')).toBeVisible();
    const authorize = logins.at(-1);
    if (!authorize) throw new Error('the SPA made no sign-in request');
    // The genuine answer to that request, then one changed on its way back to this tab.
    const fragment = await answerElsewhere(stack, page.context(), authorize);
    const accessToken = fragment.get('access_token') ?? '';
    const idToken = fragment.get('id_token') ?? '';
    expect(accessToken).toBeTruthy();
    tamper(fragment);
    await page.goto(`/callback#${fragment}`);

    await expect(page.getByRole('heading', { name: 'Sign-in failed' })).toBeVisible();
    const alert = page.getByRole('alert');
    await expect(alert).toContainText(says);
    await expect(alert).toContainText(`(${code})`);
    await expect(alert.getByRole('button', { name: 'Try again' })).toBeVisible();
    await expect(timelineEntries(page, 'login_failed')).toHaveAttribute('data-reason', reason);
    await expect(authStatus(page)).toHaveText('error');
    await expect(page.getByTestId('user-email')).toHaveCount(0);
    // The fragment is gone all the same, and no token was kept anywhere.
    expect(page.url()).toBe(`${stack.spa}/callback`);
    for (const url of await historyEntries(page)) expect(url).not.toContain('#');
    const stored = await page.evaluate(() =>
      JSON.stringify([Object.entries(sessionStorage), Object.entries(localStorage)]),
    );
    expect(stored).not.toContain(accessToken);
    expect(stored).not.toContain(idToken.split('.')[1]);
    await page.getByRole('link', { name: 'API' }).click();
    await expect(page.getByRole('heading', { name: 'Sign-in failed' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Call /api/profile' })).toHaveCount(0);
  });
}

test('tabs in implicit mode share tokens: a new tab takes them, a renewal reaches the other', async ({
  context,
  stack,
}) => {
  const first = await context.newPage();
  await first.goto('/');
  await chooseImplicitFlow(first);
  await logInFromHome(first);
  const silent = recordSilentRequests(context, stack.auth);

  const second = await context.newPage();
  await second.goto('/');
  await chooseImplicitFlow(second);
  await expect(authStatus(second)).toHaveText('authenticated');
  await expect(timelineEntries(second, 'signed_in').first()).toContainText('tokens of another tab');
  expect(silent).toHaveLength(0);
  const before = await accessTokenExpiresAt(first);
  expect(await accessTokenExpiresAt(second)).toBe(before);

  await second.getByRole('button', { name: 'Renew now' }).click();
  await expectNewAccessToken(second, before);
  await expectNewAccessToken(first, before);
  await expect(timelineEntries(first, 'tokens_shared').first()).toBeVisible();
  expect(await accessTokenExpiresAt(first)).toBe(await accessTokenExpiresAt(second));
  expect(silent).toHaveLength(1);
  expect(silent[0]?.searchParams.get('response_type')).toBe('id_token token');
});
