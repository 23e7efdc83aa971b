import type { APIRequestContext, Page } from '@playwright/test';
import { authorizeUrl, randomBase64url } from './support/authorize.ts';
import { signInOnHostedPage } from './support/login.ts';
import { CLIENT_ID, expect, type Stack, test } from './support/stack.ts';

test('an unregistered redirect_uri gets an error page, never a redirect', async ({
  page,
  stack,
}) => {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  const response = await page.goto(
    authorizeUrl(stack, { redirect_uri: 'https://evil.example/callback' }),
  );
  expect(response?.status()).toBe(400);
  await expect(page.locator('body')).toContainText('redirect_uri');
  expect(page.url()).toMatch(new RegExp(`^${stack.auth}/authorize`));
  expect(requests.some((url) => url.startsWith('https://evil.example'))).toBe(false);
});

/** Signs in through the browser and takes the code before the SPA can (this test plays the client). */
async function catchCode(stack: Stack, page: Page, verifier: string): Promise<string> {
  // Playwright cannot intercept redirect hops, so ask for form_post, whose auto-submitted POST it can.
  let callback: URLSearchParams | undefined;
  await page.route(
    (url) => url.origin === stack.spa && url.pathname === '/callback',
    (route) => {
      callback = new URLSearchParams(route.request().postData() ?? '');
      return route.fulfill({ body: 'caught', contentType: 'text/plain' });
    },
  );
  await page.goto(authorizeUrl(stack, { response_mode: 'form_post' }, verifier));
  await signInOnHostedPage(page);
  await expect.poll(() => callback?.get('code')).toBeTruthy();
  return callback?.get('code') ?? '';
}

const exchange = (stack: Stack, request: APIRequestContext, code: string, verifier: string) =>
  request.post(`${stack.auth}/oauth/token`, {
    form: {
      grant_type: 'authorization_code',
      client_id: CLIENT_ID,
      code,
      redirect_uri: `${stack.spa}/callback`,
      code_verifier: verifier,
    },
  });

test('a replayed code is refused and revokes what it issued', async ({ page, request, stack }) => {
  const verifier = randomBase64url();
  const code = await catchCode(stack, page, verifier);

  const first = await exchange(stack, request, code, verifier);
  expect(first.status()).toBe(200);
  const tokens = await first.json();
  expect(tokens).toMatchObject({ token_type: 'Bearer' });
  expect(tokens.refresh_token).toBeUndefined();

  const userinfo = () =>
    request.get(`${stack.auth}/userinfo`, {
      headers: { Authorization: `Bearer ${tokens.access_token}` },
    });
  expect((await userinfo()).status()).toBe(200);

  const replay = await exchange(stack, request, code, verifier);
  expect(replay.status()).toBe(400);
  expect(await replay.json()).toMatchObject({ error: 'invalid_grant' });
  expect((await userinfo()).status()).toBe(401);
});

test('a code is short-lived', async ({ page, request, stack, auth }) => {
  await auth.control.setLifetimes({ codeSeconds: 1 });
  const verifier = randomBase64url();
  const code = await catchCode(stack, page, verifier);
  await page.waitForTimeout(1_200); // the server's real clock must pass the code's expiry
  const late = await exchange(stack, request, code, verifier);
  expect(late.status()).toBe(400);
  expect(await late.json()).toMatchObject({ error: 'invalid_grant' });
});

test('a code needs the PKCE verifier it was issued for', async ({ page, request, stack }) => {
  const verifier = randomBase64url();
  const code = await catchCode(stack, page, verifier);
  const wrong = await exchange(stack, request, code, randomBase64url());
  expect(wrong.status()).toBe(400);
  expect(await wrong.json()).toMatchObject({ error: 'invalid_grant' });
});
