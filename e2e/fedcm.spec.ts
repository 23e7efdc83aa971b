/**
 * FedCM against the real server in real Chromium, from the SPA's origin with the server reached
 * across sites (by IP), where third-party cookies are blocked: the hidden frame gets no cookie,
 * FedCM's accounts request does. Silent re-authentication needs a persistent profile, so that
 * test launches its own Chromium on a temporary profile directory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../scripts/findChromium.ts';
import { runExperiment } from './support/lab.ts';
import { authStatus, chooseLabSetting, timelineEntries } from './support/spa.ts';
import { ALICE, CLIENT_ID, expect, test } from './support/stack.ts';

interface FedCmOutcome {
  token?: string;
  name?: string;
  error?: string;
}

/** `navigator.credentials.get` for the server at `issuerOrigin`, a code bound to `challenge`. */
const requestFedCm = (page: Page, issuerOrigin: string, mediation: string, challenge: string) =>
  page.evaluate(
    async ({ configURL, mediation, challenge, clientId }): Promise<FedCmOutcome> => {
      const get = navigator.credentials.get.bind(navigator.credentials) as (
        options: unknown,
      ) => Promise<{ token: string } | null>;
      try {
        const credential = await get({
          mediation,
          identity: {
            providers: [
              {
                configURL,
                clientId,
                params: {
                  nonce: crypto.randomUUID(),
                  code_challenge: challenge,
                  code_challenge_method: 'S256',
                  scope: 'openid profile email offline_access',
                },
              },
            ],
          },
        });
        return { token: credential?.token };
      } catch (error) {
        const { name, error: code } = error as { name: string; error?: string };
        return { name, error: code };
      }
    },
    { configURL: `${issuerOrigin}/fedcm/config.json`, mediation, challenge, clientId: CLIENT_ID },
  );

/** The code exchanged from the page (CORS for the SPA's origin), as the app would. */
const exchange = (page: Page, issuerOrigin: string, code: string, verifier: string) =>
  page.evaluate(
    async ({ url, code, verifier, clientId }) => {
      const response = await fetch(url, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: clientId,
          code,
          code_verifier: verifier,
        }),
      });
      return { status: response.status, body: await response.json() };
    },
    { url: `${issuerOrigin}/oauth/token`, code, verifier, clientId: CLIENT_ID },
  );

/** Whether the server's cookies reach a hidden frame of the page (the server's own probe). */
const cookiesReachFrame = (page: Page, issuerOrigin: string, appOrigin: string) =>
  page.evaluate(
    (src) =>
      new Promise<boolean>((resolve) => {
        const frame = document.createElement('iframe');
        // Only this frame's answer: the app on the page runs cookie probes of its own.
        addEventListener('message', function answer(event) {
          if (event.source !== frame.contentWindow) return;
          removeEventListener('message', answer);
          resolve(event.data.cookies);
        });
        frame.hidden = true;
        frame.src = src;
        document.body.append(frame);
      }),
    `${issuerOrigin}/cookie-probe?origin=${encodeURIComponent(appOrigin)}`,
  );

const pkcePair = async (page: Page) =>
  page.evaluate(async () => {
    const verifier = Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) =>
      b.toString(16).padStart(2, '0'),
    ).join('');
    const digest = new Uint8Array(
      await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)),
    );
    const challenge = btoa(String.fromCharCode(...digest))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');
    return { verifier, challenge };
  });

test.describe('FedCM across sites, third-party cookies blocked', () => {
  let profileDir: string | undefined;
  let context: BrowserContext | undefined;

  test.afterEach(async () => {
    await context?.close();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  });

  test('first sign-in through the account chooser, then silent re-authentication once, then the quiet period', async ({
    auth,
    stack,
  }) => {
    profileDir = mkdtempSync(join(tmpdir(), 'fedcm-e2e-'));
    context = await chromium.launchPersistentContext(
      profileDir,
      chromiumLaunchOptions(chromium.executablePath()),
    );
    const issuer = stack.authCrossSite;
    await auth.signIn(context, { email: ALICE.email, origin: issuer });
    const page = context.pages()[0] ?? (await context.newPage());
    const fedcm = await auth.fedcm(page);
    await page.goto(stack.spa);
    await expect(page.getByRole('button', { name: 'Log in' })).toBeVisible();

    // The restriction: the server's cookies stay out of a frame on the app's page.
    expect(await cookiesReachFrame(page, issuer, stack.spa)).toBe(false);

    // No earlier FedCM sign-in in this profile: silent is refused before any request.
    expect(await requestFedCm(page, issuer, 'silent', 'x'.repeat(43))).toMatchObject({
      name: 'NetworkError',
    });
    await expect(auth).not.toHaveReceived({ path: '/fedcm/assertion' });

    const first = await pkcePair(page);
    const chosen = await requestFedCm(page, issuer, 'required', first.challenge);
    expect(chosen.token).toEqual(expect.any(String));
    expect(fedcm.dialogs().map((dialog) => dialog.dialogType)).toEqual(['AccountChooser']);
    // The accounts request carried the server's cookie though third-party cookies are blocked.
    await expect(auth).toHaveReceived({ path: '/fedcm/accounts', status: 200 });
    const tokens = await exchange(page, issuer, chosen.token ?? '', first.verifier);
    expect(tokens.status).toBe(200);
    expect(tokens.body).toMatchObject({ access_token: expect.any(String) });
    expect(tokens.body.refresh_token).toBeUndefined();

    const second = await pkcePair(page);
    const silent = await requestFedCm(page, issuer, 'silent', second.challenge);
    expect(silent.token).toEqual(expect.any(String));
    expect(fedcm.dialogs().map((dialog) => dialog.dialogType)).toEqual([
      'AccountChooser',
      'AutoReauthn',
    ]);
    expect((await exchange(page, issuer, silent.token ?? '', second.verifier)).status).toBe(200);
    const assertions = (await auth.events()).filter((event) => event.type === 'fedcm_assertion');
    expect(assertions.map((event) => event.autoSelected)).toEqual([false, true]);

    // The quiet period: the browser refuses a second silent one without asking the server.
    const quiet = await requestFedCm(page, issuer, 'silent', second.challenge);
    expect(quiet).toMatchObject({ name: 'NetworkError' });
    await expect(auth).toHaveReceived({ path: '/fedcm/assertion' }, { times: 2 });
  });
});

test.describe('the SPA with FedCM as its silent transport', () => {
  let profileDir: string | undefined;
  let context: BrowserContext | undefined;

  test.afterEach(async () => {
    await context?.close();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  });

  test('signs in at boot through FedCM silently across sites; in the quiet period it says so and the hidden frame takes over (cookies blocked there)', async ({
    auth,
    stack,
  }) => {
    // Its own Chromium on a fresh profile, then a dozen requests in sequence: at a load of 31
    // with two workers this ran past the default 30 s (alone: about 30 s); the checks are causes.
    test.slow();
    profileDir = mkdtempSync(join(tmpdir(), 'fedcm-spa-e2e-'));
    context = await chromium.launchPersistentContext(
      profileDir,
      chromiumLaunchOptions(chromium.executablePath()),
    );
    const issuer = stack.authCrossSite;
    await auth.signIn(context, { email: ALICE.email, origin: issuer });
    const page = context.pages()[0] ?? (await context.newPage());
    const fedcm = await auth.fedcm(page);
    await page.goto(stack.spa);
    await expect(authStatus(page)).toHaveText('anonymous');
    // Once through the account chooser in this profile, as a person would the first time.
    const { challenge } = await pkcePair(page);
    expect((await requestFedCm(page, issuer, 'required', challenge)).token).toEqual(
      expect.any(String),
    );

    await chooseLabSetting(page, 'Silent transport', 'fedcm');
    // Another host restarts the app: its boot sign-in goes through FedCM, with no dialog to answer.
    await chooseLabSetting(page, 'Authorization server host', '127.0.0.1');
    await expect(authStatus(page)).toHaveText('authenticated');
    expect(fedcm.dialogs().map((dialog) => dialog.dialogType)).toEqual([
      'AccountChooser',
      'AutoReauthn',
    ]);
    const assertions = (await auth.events()).filter((event) => event.type === 'fedcm_assertion');
    expect(assertions.map((event) => event.autoSelected)).toEqual([false, true]);

    await page.getByRole('button', { name: 'Renew now' }).click();
    const failures = timelineEntries(page, 'renew_failed');
    await expect(failures).toHaveCount(2);
    // Newest first: the hidden frame's cookies-blocked, after FedCM's quiet period.
    expect(await failures.nth(1).getAttribute('data-reason')).toBe('fedcm_quiet_period');
    expect(await failures.nth(1).getAttribute('data-transport')).toBe('fedcm');
    expect(await failures.nth(0).getAttribute('data-transport')).toBe('web_message');
    expect(await failures.nth(0).getAttribute('data-reason')).toBe('third_party_cookies_blocked');
    await expect(auth).toHaveReceived({ path: '/fedcm/assertion' }, { times: 2 });
  });
});

test.describe('the lab: experiments 17 and 18', () => {
  let profileDir: string | undefined;
  let context: BrowserContext | undefined;

  test.afterEach(async () => {
    await context?.close();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  });

  test('in a persistent profile: 17 signs in through the chooser though the frame gets no cookie; 18 shows the frame blocked, silent re-authentication, then the quiet period', async ({
    auth,
    stack,
  }) => {
    // Its own Chromium on a fresh profile, then a dozen requests in sequence: at a load of 31
    // with two workers this ran past the default 30 s (alone: about 30 s); the checks are causes.
    test.slow();
    profileDir = mkdtempSync(join(tmpdir(), 'fedcm-lab-e2e-'));
    context = await chromium.launchPersistentContext(
      profileDir,
      chromiumLaunchOptions(chromium.executablePath()),
    );
    await auth.signIn(context, { email: ALICE.email, origin: stack.authCrossSite });
    const page = context.pages()[0] ?? (await context.newPage());
    const fedcm = await auth.fedcm(page);
    await page.goto(`${stack.spa}/lab`);
    await expect(authStatus(page)).toHaveText('anonymous', { timeout: 20_000 });

    const signIn = await runExperiment(page, 'fedcm-sign-in', 17);
    expect(signIn).toMatchObject({ verdict: 'confirmed', code: 'fedcm_signed_in' });
    await expect(signIn.card.getByText('no (blocked)')).toBeVisible();
    await expect(signIn.card.getByText('refresh_token in the response')).toBeVisible();
    expect(fedcm.dialogs().map((dialog) => dialog.dialogType)).toEqual(['AccountChooser']);
    // The page saw none of it, the server did: the accounts request with its cookie, the assertion.
    await expect(auth).toHaveReceived({ path: '/fedcm/accounts', status: 200 });
    await expect(auth).toHaveReceived({ path: '/fedcm/assertion', status: 200 });

    const reauthn = await runExperiment(page, 'fedcm-auto-reauthn', 18);
    expect(reauthn).toMatchObject({
      verdict: 'confirmed',
      code: 'fedcm_silent_then_quiet',
      decidedBy: 'cookie_probe',
    });
    expect(fedcm.dialogs().map((dialog) => dialog.dialogType)).toEqual([
      'AccountChooser',
      'AutoReauthn',
    ]);
    // Two assertions in all: the quiet period's refusal never reached the server.
    const assertions = (await auth.events()).filter((event) => event.type === 'fedcm_assertion');
    expect(assertions.map((event) => event.autoSelected)).toEqual([false, true]);
    // The app's session was never touched.
    await expect(authStatus(page)).toHaveText('anonymous');
  });

  test('in an ordinary (off-the-record) context: 17 still signs in, 18 says silent mediation is off here', async ({
    auth,
    page,
    stack,
  }) => {
    await auth.signIn(page.context(), { email: ALICE.email, origin: stack.authCrossSite });
    await auth.fedcm(page);
    await page.goto('/lab');
    await expect(authStatus(page)).toHaveText('anonymous', { timeout: 20_000 });
    expect(await runExperiment(page, 'fedcm-sign-in', 17)).toMatchObject({
      verdict: 'confirmed',
      code: 'fedcm_signed_in',
    });
    expect(await runExperiment(page, 'fedcm-auto-reauthn', 18)).toMatchObject({
      verdict: 'precondition',
      code: 'fedcm_silent_unavailable',
    });
    await expect(auth).toHaveReceived({ path: '/fedcm/assertion' }, { times: 1 });
  });

  test('without a session at the cross-site host: 17 says to sign in there first', async ({
    auth,
    page,
  }) => {
    await auth.fedcm(page);
    await page.goto('/lab');
    await expect(authStatus(page)).toHaveText('anonymous', { timeout: 20_000 });
    const result = await runExperiment(page, 'fedcm-sign-in', 17);
    expect(result).toMatchObject({ verdict: 'precondition', code: 'fedcm_no_account' });
    await expect(auth).not.toHaveReceived({ path: '/fedcm/assertion' });
  });
});

test('an ordinary (off-the-record) context never re-authenticates silently', async ({
  auth,
  page,
  stack,
}) => {
  const issuer = stack.authCrossSite;
  await auth.signIn(page.context(), { email: ALICE.email, origin: issuer });
  const fedcm = await auth.fedcm(page);
  await page.goto(stack.spa);
  const { challenge } = await pkcePair(page);
  expect((await requestFedCm(page, issuer, 'required', challenge)).token).toEqual(
    expect.any(String),
  );
  expect(await requestFedCm(page, issuer, 'silent', challenge)).toMatchObject({
    name: 'NetworkError',
  });
  expect(fedcm.dialogs().map((dialog) => dialog.dialogType)).toEqual(['AccountChooser']);
});
