/**
 * Issue 8, browser-level cases of RFC 9700 / OIDC Core (the in-process ones are in
 * src/server/security/rfc9700.test.ts; docs/security.md maps each case to its test).
 */
import type { Page, Request } from '@playwright/test';
import { THIRD_PARTY_SPA_CLIENT_ID } from '../src/protocol/defaults.ts';
import { authorizeUrl } from './support/authorize.ts';
import { signInOnHostedPage } from './support/login.ts';
import { signInAt } from './support/spa.ts';
import { expect, test } from './support/stack.ts';

/**
 * Frames `url` in a page of another origin (the SPA's static page, same site as the server, so
 * the transaction cookie goes along and the server really serves the page) and waits for it.
 */
async function frameFrom(page: Page, hostOrigin: string, url: string) {
  await page.goto(`${hostOrigin}/silent-callback.html`);
  const served = page.waitForResponse((response) => response.url() === url);
  const loaded = page.evaluate(
    (src) =>
      new Promise<void>((resolve) => {
        const frame = document.createElement('iframe');
        frame.src = src;
        frame.addEventListener('load', () => resolve(), { once: true });
        document.body.append(frame);
      }),
    url,
  );
  const response = await served;
  await loaded;
  return response;
}

test('clickjacking: a framed login page is served with XFO DENY / frame-ancestors none and never renders', async ({
  page,
  stack,
}) => {
  await page.goto(authorizeUrl(stack));
  await expect(page).toHaveURL(new RegExp(`^${stack.auth}/u/login\\?state=`));
  const loginUrl = page.url();

  const response = await frameFrom(page, stack.spa, loginUrl);
  // The server did serve the login page (200, not an error page) to the frame…
  expect(response.status()).toBe(200);
  expect(response.headers()['x-frame-options']).toBe('DENY');
  expect(response.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  // …and Chromium refused to render it: no frame shows the form, none is at the login URL.
  await expect(page.frameLocator('iframe').locator('input[name="password"]')).toHaveCount(0);
  await expect(page.frameLocator('iframe').getByRole('button', { name: 'Sign in' })).toHaveCount(0);
  expect(page.frames().map((frame) => frame.url())).not.toContain(loginUrl);
});

test('clickjacking: a framed consent page is served with XFO DENY / frame-ancestors none and never renders', async ({
  page,
  stack,
}) => {
  await page.goto(authorizeUrl(stack, { client_id: THIRD_PARTY_SPA_CLIENT_ID }));
  await signInOnHostedPage(page);
  await expect(page).toHaveURL(new RegExp(`^${stack.auth}/u/consent\\?state=`));
  const consentUrl = page.url();

  const response = await frameFrom(page, stack.spa, consentUrl);
  expect(response.status()).toBe(200);
  expect(response.headers()['x-frame-options']).toBe('DENY');
  await expect(page.frameLocator('iframe').locator('form')).toHaveCount(0);
  expect(page.frames().map((frame) => frame.url())).not.toContain(consentUrl);
});

test('CORS: a page on an unregistered origin cannot read the token, userinfo or revoke answers', async ({
  page,
  stack,
}) => {
  const readFrom = (origin: string) =>
    page.goto(`${origin}/silent-callback.html`).then(() =>
      page.evaluate(async (auth) => {
        const form = { 'content-type': 'application/x-www-form-urlencoded' };
        const attempts: [string, RequestInit][] = [
          [`${auth}/oauth/token`, { method: 'POST', headers: form, body: 'grant_type=x' }],
          [`${auth}/userinfo`, { headers: { authorization: 'Bearer x' } }],
          [`${auth}/oauth/revoke`, { method: 'POST', headers: form, body: 'token=x' }],
        ];
        const results: string[] = [];
        for (const [url, init] of attempts) {
          try {
            results.push(`status ${(await fetch(url, init)).status}`);
          } catch (error) {
            results.push(`blocked ${(error as Error).name}`);
          }
        }
        return results;
      }, stack.auth),
    );
  // The registered origin reads the (error) answers: the requests themselves are fine…
  expect(await readFrom(stack.spa)).toEqual(
    expect.arrayContaining([expect.stringMatching(/^status 4\d\d$/)]),
  );
  expect((await readFrom(stack.spa)).every((result) => result.startsWith('status'))).toBe(true);
  // …another origin gets nothing: the browser blocks every answer.
  expect(await readFrom(stack.spaOtherOrigin)).toEqual([
    'blocked TypeError',
    'blocked TypeError',
    'blocked TypeError',
  ]);
});

test('token leakage: after login the callback URL carries no code, the SPA sends no Referer, no token is ever in a URL', async ({
  page,
  stack,
}) => {
  const requests: Request[] = [];
  page.on('request', (request) => requests.push(request));
  await signInAt(page, '/profile');

  // The callback's code and state are gone from the address bar (and so from any later Referer).
  expect(page.url()).toBe(`${stack.spa}/profile`);
  const callbacks = requests.filter((r) => r.url().startsWith(`${stack.spa}/callback`));
  expect(callbacks.length).toBeGreaterThan(0);
  expect(await page.evaluate(() => window.location.search + window.location.hash)).toBe('');
  await expect(page.locator('meta[name="referrer"]')).toHaveAttribute('content', 'no-referrer');

  // The token exchange and every other request the SPA made after the callback: no Referer.
  const afterCallback = requests.slice(requests.indexOf(callbacks[0] as Request) + 1);
  const tokenRequest = afterCallback.find((r) => r.url() === `${stack.auth}/oauth/token`);
  expect(tokenRequest).toBeDefined();
  for (const request of afterCallback) {
    const referer = (await request.allHeaders()).referer;
    expect(referer, request.url()).toBeUndefined();
  }
  // No access or ID token (a JWT) in any URL the browser requested.
  for (const request of requests) {
    expect(request.url()).not.toMatch(/[?&#](access_token|id_token)=|eyJ[\w-]+\.eyJ/);
  }
});

test('postMessage: the web_message answer reaches an opener on the registered origin only, never another origin', async ({
  page,
  stack,
}) => {
  const url = authorizeUrl(stack, {
    prompt: 'none',
    response_mode: 'web_message',
    redirect_uri: `${stack.spa}/silent-callback.html`,
  });
  /** Opens the authorize request in a popup from a page of `origin`; returns what it received. */
  const messagesOpenedFrom = async (origin: string, expected: number) => {
    await page.goto(`${origin}/silent-callback.html`);
    await page.evaluate(() => {
      const received: unknown[] = [];
      (window as unknown as { received: unknown[] }).received = received;
      window.addEventListener('message', (event) => received.push(event.data));
    });
    const [popup] = await Promise.all([
      page.waitForEvent('popup'),
      page.evaluate((src) => void window.open(src, 'authorize'), url),
    ]);
    await popup.waitForLoadState('load');
    const received = () =>
      page.evaluate(() => (window as unknown as { received: unknown[] }).received);
    await expect.poll(async () => (await received()).length).toBe(expected);
    // The answer page posts as it loads; give a stray message time to arrive.
    await page.waitForTimeout(500);
    await popup.close();
    return received();
  };

  // The registered origin gets the answer (login_required: no session)…
  const own = await messagesOpenedFrom(stack.spa, 1);
  expect(own).toEqual([
    expect.objectContaining({
      type: 'authorization_response',
      response: expect.objectContaining({ error: 'login_required' }),
    }),
  ]);
  // …a page of another origin that opened the same request gets nothing.
  expect(await messagesOpenedFrom(stack.spaOtherOrigin, 0)).toEqual([]);
});
