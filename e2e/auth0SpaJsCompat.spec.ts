import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Auth0Client, createAuth0Client } from '@auth0/auth0-spa-js';
import type { Page } from '@playwright/test';
import { signInOnHostedPage } from './support/login.ts';
import { CLIENT_ID, expect, type Stack, test } from './support/stack.ts';

// Auth0's own SPA SDK, unchanged, pointed at the bundled server. Its host document must be a
// real page on the SPA origin (a registered web origin) served from loopback: a document that
// the test fulfils itself counts as public address space for Chromium's Local Network Access
// checks, which then refuse its iframe to localhost (net::ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS).
// The silent callback page does nothing at top level, so it serves as that host.
const sdk = readFileSync(
  createRequire(import.meta.url).resolve('@auth0/auth0-spa-js/dist/auth0-spa-js.production.js'),
  'utf8',
);

async function openHarness(stack: Stack, page: Page): Promise<void> {
  await page.goto('/silent-callback.html');
  await page.addScriptTag({ content: sdk });
  await page.evaluate(
    async ({ domain, clientId, audience, redirectUri }) => {
      const auth0 = (
        window as unknown as { auth0: { createAuth0Client: typeof createAuth0Client } }
      ).auth0;
      (window as unknown as { client: Auth0Client }).client = await auth0.createAuth0Client({
        domain,
        clientId,
        authorizationParams: {
          audience,
          redirect_uri: redirectUri,
          scope: 'openid profile email read:profile',
        },
      });
    },
    {
      domain: stack.auth,
      clientId: CLIENT_ID,
      audience: stack.audience,
      redirectUri: `${stack.spa}/callback`,
    },
  );
}

const getTokenSilently = (page: Page) =>
  page.evaluate(async () => {
    const client = (window as unknown as { client: Auth0Client }).client;
    try {
      const response = await client.getTokenSilently({ detailedResponse: true, cacheMode: 'off' });
      return { response, user: await client.getUser() };
    } catch (error) {
      return { error: (error as { error?: string }).error ?? String(error) };
    }
  });

test('auth0-spa-js getTokenSilently renews against the bundled server', async ({ page, stack }) => {
  const authorizeRequests: URL[] = [];
  page.on('request', (r) => {
    if (r.url().startsWith(`${stack.auth}/authorize`)) authorizeRequests.push(new URL(r.url()));
  });
  // A server session, made the ordinary way (top-level login through our SPA).
  await page.goto('/profile');
  await signInOnHostedPage(page);
  await expect(page.getByRole('heading', { name: 'Profile' })).toBeVisible();

  await openHarness(stack, page);
  const first = await getTokenSilently(page);
  expect(first.error).toBeUndefined();
  expect(first.user).toMatchObject({ sub: 'auth0|alice', email: 'alice@example.com' });

  // It used web_message + PKCE in a hidden iframe and sent its telemetry, which the server ignored.
  const silent = authorizeRequests.at(-1);
  expect(silent?.searchParams.get('prompt')).toBe('none');
  expect(silent?.searchParams.get('response_mode')).toBe('web_message');
  expect(silent?.searchParams.get('code_challenge_method')).toBe('S256');
  expect(silent?.searchParams.get('auth0Client')).toBeTruthy();

  const api = await page.request.get(`${stack.api}/api/profile`, {
    headers: { Authorization: `Bearer ${first.response?.access_token}` },
  });
  expect(api.status()).toBe(200);

  const second = await getTokenSilently(page);
  expect(second.response?.access_token).toBeTruthy();
  expect(second.response?.access_token).not.toBe(first.response?.access_token);
});

test('auth0-spa-js gets login_required when the server session has ended', async ({
  page,
  stack,
  auth,
}) => {
  await page.goto('/profile');
  await signInOnHostedPage(page);
  await expect(page.getByRole('heading', { name: 'Profile' })).toBeVisible();
  await auth.endSession();

  await openHarness(stack, page);
  expect(await getTokenSilently(page)).toEqual({ error: 'login_required' });
});
