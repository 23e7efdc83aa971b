/**
 * Issue 5's contrast, end to end: the browser app asking for offline_access gets no refresh
 * token and cannot use one; the installed app (npm run native-demo) gets one, keeps it, and
 * loses it when an administrator revokes its device credential in the server's dashboard.
 */
import { createHash, randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import type { Browser, Page } from '@playwright/test';
import { NATIVE_CLIENT_ID } from '../src/protocol/defaults.ts';
import { OFFLINE_ACCESS_SCOPE } from '../src/protocol/oauth.ts';
import { signInOnHostedPage } from './support/login.ts';
import type { NativeDemos } from './support/nativeDemo.ts';
import { ALICE, CLIENT_ID, expect, type Stack, test } from './support/stack.ts';

const DEVICE = 'Playwright laptop';

const base64url = (bytes: Buffer) => bytes.toString('base64url');

interface TokenEndpointAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** POST /oauth/token from the page, so the browser sends its Origin as a SPA's request would. */
const postTokenFromPage = (stack: Stack, page: Page, fields: Record<string, string>) =>
  page.evaluate(
    async ({ url, fields }) => {
      const response = await fetch(url, { method: 'POST', body: new URLSearchParams(fields) });
      return { status: response.status, body: await response.json() };
    },
    { url: `${stack.auth}/oauth/token`, fields },
  ) as Promise<TokenEndpointAnswer>;

/**
 * A page on the SPA's origin, served by the SPA's own server: what a script in the SPA can do.
 * (Not a route-fulfilled page: Chromium treats those as public and blocks their requests to localhost.)
 */
async function openSpaOrigin(page: Page): Promise<void> {
  await page.goto('/config.js');
}

test('the SPA asking for offline_access gets no refresh token, and cannot refresh', async ({
  page,
  stack,
}) => {
  const verifier = base64url(randomBytes(32));
  // The test plays the SPA client; form_post lets it take the code (redirect hops cannot be caught).
  let callback: URLSearchParams | undefined;
  await page.route(
    (url) => url.origin === stack.spa && url.pathname === '/callback',
    (route) => {
      callback = new URLSearchParams(route.request().postData() ?? '');
      return route.fulfill({ body: 'caught', contentType: 'text/plain' });
    },
  );
  const query = new URLSearchParams({
    client_id: CLIENT_ID,
    response_type: 'code',
    response_mode: 'form_post',
    redirect_uri: `${stack.spa}/callback`,
    scope: `openid profile ${OFFLINE_ACCESS_SCOPE} read:profile`,
    audience: stack.audience,
    state: base64url(randomBytes(16)),
    nonce: base64url(randomBytes(16)),
    code_challenge: base64url(createHash('sha256').update(verifier).digest()),
    code_challenge_method: 'S256',
  });
  await page.goto(`${stack.auth}/authorize?${query}`);
  await signInOnHostedPage(page);
  await expect.poll(() => callback?.get('code')).toBeTruthy();
  // Let the form_post navigation finish before navigating again (it would interrupt the next goto).
  await page.waitForURL('/callback');

  // Exchange the code from the SPA's origin, as the SPA does.
  await openSpaOrigin(page);
  const exchanged = await postTokenFromPage(stack, page, {
    grant_type: 'authorization_code',
    client_id: CLIENT_ID,
    code: callback?.get('code') ?? '',
    redirect_uri: `${stack.spa}/callback`,
    code_verifier: verifier,
  });
  expect(exchanged.status).toBe(200);
  expect(exchanged.body.access_token).toEqual(expect.any(String));
  expect(exchanged.body).not.toHaveProperty('refresh_token');
  // Dropped silently (no error), and the granted scope says so.
  const granted = String(exchanged.body.scope).split(' ');
  expect(granted).toEqual(expect.arrayContaining(['openid', 'profile', 'read:profile']));
  expect(granted).not.toContain(OFFLINE_ACCESS_SCOPE);

  const refused = await postTokenFromPage(stack, page, {
    grant_type: 'refresh_token',
    client_id: CLIENT_ID,
    refresh_token: 'whatever-a-spa-might-have',
  });
  expect(refused.status).toBeGreaterThanOrEqual(400);
  expect(refused.body).toMatchObject({
    error: 'unauthorized_client',
    error_description: expect.stringMatching(
      /single-page application cannot use refresh tokens.*silent authentication/,
    ),
  });
});

/** `npm run native-demo -- login`, completed in the browser: the URL it prints, then the hosted login. */
async function nativeLogin(nativeDemo: NativeDemos, page: Page, dataDir: string) {
  const login = nativeDemo.start('login', dataDir, DEVICE);
  await page.goto(await login.signInUrl);
  await signInOnHostedPage(page);
  // The server redirects to the demo's own loopback listener (RFC 8252), which answers this page.
  await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/callback\?/);
  await expect(page.getByRole('heading', { name: 'Signed in' })).toBeVisible();
  const result = await login.done;
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/refresh_token {2}yes, sha256:[0-9a-f]{12}/);
  expect(result.stdout).toContain(`scope          openid profile email ${OFFLINE_ACCESS_SCOPE}`);
  return result.stdout;
}

test('a native refresh token is refused from a browser origin, and still works from the app', async ({
  page,
  stack,
  nativeDemo,
}, testInfo) => {
  const dataDir = testInfo.outputPath('native-demo');
  await nativeLogin(nativeDemo, page, dataDir);

  // A script in a web page that got hold of the token (here: the test copies the file) cannot use it.
  await openSpaOrigin(page);
  const fromBrowser = await postTokenFromPage(stack, page, {
    grant_type: 'refresh_token',
    client_id: NATIVE_CLIENT_ID,
    refresh_token: await nativeDemo.storedRefreshToken(dataDir),
  });
  expect(fromBrowser.body).toMatchObject({
    error: 'unauthorized_client',
    error_description: expect.stringContaining(
      `cannot be used from a browser (the request came from ${stack.spa})`,
    ),
  });

  const refreshed = await nativeDemo.run('refresh', dataDir, DEVICE);
  expect(refreshed.code).toBe(0);
  expect(refreshed.stdout).toMatch(/access_token {3}sha256:[0-9a-f]{12}, expires in \d+ s/);
});

/** Alice, an administrator, in a browser of her own: Users → Alice Liddell → Devices → Revoke → Revoke (the confirmation). */
async function revokeInDashboard(stack: Stack, browser: Browser, device: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${stack.auth}/dashboard`);
  await signInOnHostedPage(page, ALICE);
  await page.getByRole('navigation').getByRole('link', { name: 'Users' }).click();
  await page.getByRole('link', { name: ALICE.name }).click();
  await page.getByRole('link', { name: 'Devices' }).click();
  const row = page
    .getByRole('row')
    .filter({ hasText: 'Silent Auth Lab native app' })
    .filter({ hasText: device });
  await expect(row).toHaveCount(1);
  await row.getByRole('button', { name: 'Revoke' }).click();
  await expect(page.getByRole('heading', { name: 'Revoke a device credential?' })).toBeVisible();
  await expect(page.getByRole('main')).toContainText(`Silent Auth Lab native app on ${device}`);
  await page.getByRole('button', { name: 'Revoke' }).click();
  await expect(page.getByText('Device credential revoked.')).toBeVisible();
  await expect(row).toHaveCount(0);
  await context.close();
}

test('the native app gets a refresh token, refreshes, and loses it when revoked in the dashboard', async ({
  page,
  browser,
  stack,
  nativeDemo,
}, testInfo) => {
  const dataDir = testInfo.outputPath('native-demo');
  await nativeLogin(nativeDemo, page, dataDir);
  if (process.platform !== 'win32')
    expect((await stat(nativeDemo.tokenFileOf(dataDir))).mode & 0o777).toBe(0o600);

  const refreshed = await nativeDemo.run('refresh', dataDir, DEVICE);
  expect(refreshed.stderr).toBe('');
  expect(refreshed.code).toBe(0);
  expect(refreshed.stdout).toContain('grant_type=refresh_token');
  expect(refreshed.stdout).toMatch(/id_token {7}sha256:[0-9a-f]{12}, for auth0\|alice/);

  await revokeInDashboard(stack, browser, DEVICE);

  const afterRevoke = await nativeDemo.run('refresh', dataDir, DEVICE);
  expect(afterRevoke.code).toBe(1);
  expect(afterRevoke.stderr).toContain(
    'The server refused the stored refresh token: invalid_grant',
  );
  expect(afterRevoke.stderr).toContain('It was revoked');
  expect(afterRevoke.stderr).not.toMatch(/\n\s+at /);
  await expect(stat(nativeDemo.tokenFileOf(dataDir))).rejects.toMatchObject({ code: 'ENOENT' });
});
