import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';
import { fragmentOf, jwtPayload, withTamperedSignature } from './support/implicit.ts';
import { signInOnHostedPage } from './support/login.ts';
import { CLIENT_ID, expect, type Stack, test } from './support/stack.ts';

// Auth0's legacy browser SDK, auth0-js, unchanged, against the bundled server: the implicit
// flow of the older Auth0 documents (WebAuth.authorize + parseHash, then checkSession). Its UMD
// build is injected into a real page of the SPA origin — the silent callback page, inert at top
// level and a registered redirect URI — because a document the test fulfils itself counts as
// public address space for Chromium's Local Network Access checks, which then block its iframe
// to localhost (see auth0SpaJsCompat.spec.ts).
const sdk = readFileSync(
  createRequire(import.meta.url).resolve('auth0-js/dist/auth0.min.js'),
  'utf8',
);

const hostPage = (stack: Stack) => `${stack.spa}/silent-callback.html`;

/** WebAuth options: an http domain needs the issuer spelled out (it assumes https otherwise). */
const webAuthOptions = (stack: Stack) => ({
  domain: stack.auth,
  clientID: CLIENT_ID,
  redirectUri: hostPage(stack),
  responseType: 'token id_token',
  audience: stack.audience,
  scope: 'openid profile email read:profile',
  overrides: { __token_issuer: `${stack.auth}/` },
});

interface Auth0Result {
  accessToken: string | null;
  idToken: string | null;
  idTokenPayload: Record<string, unknown> | null;
  refreshToken: string | null;
  expiresIn: number | null;
  scope: string | null;
  state: string | null;
}
interface Auth0Error {
  error?: string;
  errorDescription?: string;
  error_description?: string;
}
type Outcome = { error: Auth0Error | null; result: Auth0Result | null };

/** What the page sees: `window.auth0` from the UMD build. */
type Auth0Global = {
  auth0: {
    WebAuth: new (
      options: ReturnType<typeof webAuthOptions>,
    ) => {
      authorize(options?: object): void;
      parseHash(
        options: { hash?: string; state?: string; nonce?: string },
        callback: (error: Auth0Error | null, result: Auth0Result | null) => void,
      ): void;
      checkSession(
        options: object,
        callback: (error: Auth0Error | null, result: Auth0Result | null) => void,
      ): void;
    };
  };
};

/** Loads the SDK into the page open now (a real page of the SPA origin). */
const injectSdk = (page: Page) => page.addScriptTag({ content: sdk });

const parseHash = (
  stack: Stack,
  page: Page,
  options: { hash?: string; state?: string; nonce?: string } = {},
) =>
  page.evaluate(
    ({ webAuthOptions, parseOptions }) =>
      new Promise<Outcome>((resolve) => {
        const { auth0 } = window as unknown as Auth0Global;
        new auth0.WebAuth(webAuthOptions).parseHash(parseOptions, (error, result) =>
          resolve({ error, result }),
        );
      }),
    { webAuthOptions: webAuthOptions(stack), parseOptions: options },
  );

const checkSession = (stack: Stack, page: Page) =>
  page.evaluate(
    (webAuthOptions) =>
      new Promise<Outcome>((resolve) => {
        const { auth0 } = window as unknown as Auth0Global;
        new auth0.WebAuth(webAuthOptions).checkSession({}, (error, result) =>
          resolve({ error, result }),
        );
      }),
    webAuthOptions(stack),
  );

/** Every /authorize request the page or its frames made. */
function recordAuthorizeRequests(stack: Stack, page: Page): URL[] {
  const requests: URL[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.origin === stack.auth && url.pathname === '/authorize') requests.push(url);
  });
  return requests;
}

/** WebAuth.authorize from the host page, the hosted login, back with the fragment; parseHash. */
async function signInWithAuth0Js(stack: Stack, page: Page, requests: URL[]) {
  await page.goto(hostPage(stack));
  await injectSdk(page);
  await Promise.all([
    page.waitForURL((url) => url.origin === stack.auth),
    page.evaluate((options) => {
      const { auth0 } = window as unknown as Auth0Global;
      new auth0.WebAuth(options).authorize();
    }, webAuthOptions(stack)),
  ]);
  await signInOnHostedPage(page);
  await page.waitForURL((url) => url.href.startsWith(`${hostPage(stack)}#`));
  const authorize = requests.at(-1);
  const hash = new URL(page.url()).hash;
  await injectSdk(page);
  return { authorize, hash, parsed: await parseHash(stack, page) };
}

test('auth0-js WebAuth.authorize + parseHash: implicit sign-in against the bundled server', async ({
  page,
  stack,
}) => {
  const requests = recordAuthorizeRequests(stack, page);
  const { authorize, hash, parsed } = await signInWithAuth0Js(stack, page, requests);

  // Its request: the implicit flow with state, nonce and its telemetry (which the server ignores).
  expect(authorize?.searchParams.get('response_type')).toBe('token id_token');
  expect(authorize?.searchParams.get('state')).toBeTruthy();
  expect(authorize?.searchParams.get('nonce')).toBeTruthy();
  expect(authorize?.searchParams.get('auth0Client')).toBeTruthy();
  expect(authorize?.searchParams.get('response_mode')).toBeNull();

  // parseHash checked the ID token (signature against our JWKS, iss, aud, nonce, at_hash).
  expect(parsed.error).toBeNull();
  expect(parsed.result?.idTokenPayload).toMatchObject({
    sub: 'auth0|alice',
    email: 'alice@example.com',
    iss: `${stack.auth}/`,
    aud: CLIENT_ID,
    nonce: authorize?.searchParams.get('nonce'),
  });
  expect(parsed.result?.idTokenPayload?.at_hash).toBeTruthy();
  expect(parsed.result?.refreshToken).toBeNull();
  expect(parsed.result?.expiresIn).toBeGreaterThan(0);
  expect([jwtPayload(parsed.result?.accessToken ?? '').aud].flat()).toContain(stack.audience);
  const api = await page.request.get(`${stack.api}/api/profile`, {
    headers: { Authorization: `Bearer ${parsed.result?.accessToken}` },
  });
  expect(api.status()).toBe(200);

  // The same answer with one character of the ID token's signature changed: refused.
  const fragment = fragmentOf(`${hostPage(stack)}${hash}`);
  fragment.set('id_token', withTamperedSignature(fragment.get('id_token') ?? ''));
  const tampered = await parseHash(stack, page, {
    hash: `#${fragment}`,
    state: fragment.get('state') ?? '',
    nonce: authorize?.searchParams.get('nonce') ?? '',
  });
  expect(tampered.result ?? null).toBeNull();
  expect(tampered.error).toMatchObject({
    error: 'invalid_token',
    errorDescription: 'Invalid ID token signature.',
  });
});

test('auth0-js checkSession renews through web_message in a hidden iframe', async ({
  page,
  stack,
}) => {
  const requests = recordAuthorizeRequests(stack, page);
  const { parsed } = await signInWithAuth0Js(stack, page, requests);
  expect(parsed.error).toBeNull();

  // A fresh page (nothing in memory), as after a reload.
  await page.goto(hostPage(stack));
  await injectSdk(page);
  const renewed = await checkSession(stack, page);
  expect(renewed.error).toBeNull();
  expect(renewed.result?.idTokenPayload).toMatchObject({
    sub: 'auth0|alice',
    iss: `${stack.auth}/`,
  });
  expect(renewed.result?.accessToken).toBeTruthy();
  expect(renewed.result?.accessToken).not.toBe(parsed.result?.accessToken);
  expect(renewed.result?.refreshToken).toBeNull();

  const silent = requests.at(-1);
  expect(silent?.searchParams.get('prompt')).toBe('none');
  expect(silent?.searchParams.get('response_mode')).toBe('web_message');
  expect(silent?.searchParams.get('response_type')).toBe('token id_token');
  expect(silent?.searchParams.get('nonce')).toBeTruthy();

  const api = await page.request.get(`${stack.api}/api/profile`, {
    headers: { Authorization: `Bearer ${renewed.result?.accessToken}` },
  });
  expect(api.status()).toBe(200);
});

test('auth0-js checkSession gets login_required once the server session has ended', async ({
  page,
  stack,
  auth,
}) => {
  const requests = recordAuthorizeRequests(stack, page);
  expect((await signInWithAuth0Js(stack, page, requests)).parsed.error).toBeNull();
  await auth.endSession();

  await page.goto(hostPage(stack));
  await injectSdk(page);
  const outcome = await checkSession(stack, page);
  expect(outcome.result ?? null).toBeNull();
  expect(outcome.error).toMatchObject({ error: 'login_required' });
});
