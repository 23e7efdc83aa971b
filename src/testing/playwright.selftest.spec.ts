/**
 * The Playwright fixture's own tests, through the package's public entry point.
 * Run: npx playwright test --config src/testing/playwright.selftest.config.ts
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { TestInfo } from '@playwright/test';
import { expect, test as kitTest } from 'silent-auth-lab/testing/playwright';

const SPA = 'http://localhost:5173';
const ALICE = { email: 'alice@example.com', sub: 'auth0|alice' };
const BOB = { email: 'bob@example.com', sub: 'auth0|bob' };

interface WorkerServer {
  workerIndex: number;
  pid: number;
  port: number;
}

const serversDir = (outputDir: string) => join(outputDir, 'worker-servers');

/** The kit's `test`, extended the way an app would: each worker notes which server it got. */
const test = kitTest.extend<Record<never, never>, { noteWorkerServer: undefined }>({
  noteWorkerServer: [
    async ({ authServer }, use, workerInfo) => {
      const dir = serversDir(workerInfo.project.outputDir);
      mkdirSync(dir, { recursive: true });
      const note: WorkerServer = {
        workerIndex: workerInfo.workerIndex,
        pid: process.pid,
        port: authServer.port,
      };
      writeFileSync(join(dir, `${process.pid}.json`), JSON.stringify(note));
      await use(undefined);
    },
    { scope: 'worker', auto: true },
  ],
});

test('each worker has a server of its own', async ({ auth }, testInfo) => {
  test.skip(testInfo.config.workers < 2, 'needs two workers');
  const dir = serversDir(testInfo.project.outputDir);
  // Both workers start at once (there is work for two); wait until the other one has noted its server.
  await expect
    .poll(() => readdirSync(dir).length, {
      timeout: 20_000,
      message: 'a second worker noting its server (run the whole file, with 2 workers)',
    })
    .toBeGreaterThanOrEqual(2);
  const servers: WorkerServer[] = readdirSync(dir).map((name) =>
    JSON.parse(readFileSync(join(dir, name), 'utf8')),
  );
  expect(servers.find((s) => s.pid === process.pid)?.port).toBe(auth.port);
  expect(new Set(servers.map((s) => s.port)).size).toBe(servers.length);
});

const pkce = () => {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

test.describe('the fixture', () => {
  // In order, on one worker: the second test checks what the first left behind.
  test.describe.configure({ mode: 'default' });
  let dirtyPort: number | undefined;

  test('leaves state behind on purpose', async ({ auth }) => {
    dirtyPort = auth.port;
    await auth.control.createSession({ email: ALICE.email });
    await auth.control.forceError('/authorize', 'login_required', { times: null });
    await auth.control.setLatency(5);
    await auth.control.freezeClock('2031-01-01T00:00:00Z');
    await auth.control.setCookieBlocking('all-framed');
    await auth.control.setLifetimes({ accessTokenSeconds: 5 });
    await fetch(`${auth.url}/.well-known/openid-configuration`);
    expect(await auth.requests()).toHaveLength(1);
  });

  test('resets the server before the next test', async ({ auth }) => {
    expect(auth.port).toBe(dirtyPort);
    expect(await auth.requests()).toEqual([]);
    expect(await auth.events()).toEqual([]);
    expect(await auth.control.listFaults()).toEqual([]);
    expect((await auth.control.getClock()).frozen).toBe(false);
    expect((await auth.control.getLifetimes()).accessTokenSeconds).toBe(86_400);
    expect(await auth.endSession()).toBe(0);
  });

  test('signs in without the login page: prompt=none gets a code', async ({ auth, page }) => {
    await auth.signIn(page.context(), { email: ALICE.email });
    const { verifier, challenge } = pkce();
    const params = new URLSearchParams({
      client_id: 'silent-auth-lab-spa',
      redirect_uri: `${SPA}/callback`,
      response_type: 'code',
      scope: 'openid profile email',
      state: 'xyz',
      nonce: 'n-1',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      prompt: 'none',
    });
    // No app listens at SPA: the browser's redirect to it is where the answer is read.
    const backToApp = page.waitForRequest((request) => request.url().startsWith(`${SPA}/`));
    await page.goto(`${auth.url}/authorize?${params}`).catch(() => undefined);
    const callback = new URL((await backToApp).url());
    expect(callback.origin + callback.pathname).toBe(`${SPA}/callback`);
    expect(callback.searchParams.get('error')).toBeNull();
    const code = callback.searchParams.get('code');
    expect(code).toBeTruthy();

    const token = await fetch(`${auth.url}/oauth/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: 'silent-auth-lab-spa',
        code: code ?? '',
        redirect_uri: `${SPA}/callback`,
        code_verifier: verifier,
      }),
    });
    const { id_token: idToken } = await token.json();
    const claims = JSON.parse(Buffer.from(idToken.split('.')[1], 'base64url').toString());
    expect(claims.sub).toBe(ALICE.sub);

    await expect(auth).toHaveReceived(
      { path: '/authorize', query: { prompt: 'none' } },
      { times: 1 },
    );
    await expect(auth).not.toHaveReceived({ path: /^\/u\// });
    await expect(auth).toHaveReceived({
      path: '/oauth/token',
      method: 'POST',
      body: { grant_type: 'authorization_code', code_verifier: true, client_id: /-spa$/ },
      status: 200,
    });
    await expect(auth).not.toHaveReceived(
      { path: '/oauth/token', body: { grant_type: 'refresh_token' } },
      { timeout: 300 },
    );
    expect((await auth.events()).map((event) => event.type)).toEqual(
      expect.arrayContaining(['sign_in', 'code_issued', 'silent_renewal', 'tokens_issued']),
    );
  });

  test('toHaveReceived fails with the request log when the server got no such request', async ({
    auth,
  }) => {
    await fetch(`${auth.url}/.well-known/openid-configuration`);
    await expect(auth).toHaveReceived({ path: '/.well-known/openid-configuration', status: 200 });
    await expect(
      expect(auth).toHaveReceived({ path: '/oauth/token', method: 'POST' }, { timeout: 300 }),
    ).rejects.toThrow(
      /Expected at least once: POST \/oauth\/token[\s\S]*0 of 1[\s\S]*GET \/\.well-known\/openid-configuration → 200/,
    );
    await expect(
      expect(auth).toHaveReceived(
        { path: '/.well-known/openid-configuration' },
        { times: 2, timeout: 300 },
      ),
    ).rejects.toThrow(/Expected 2 time\(s\)[\s\S]*1 of 1/);
    await expect(
      expect(auth).not.toHaveReceived(
        { path: '/.well-known/openid-configuration' },
        { timeout: 300 },
      ),
    ).rejects.toThrow(/Expected no:/);

    await fetch(`${auth.url}/oauth/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'nobody' }),
    });
    await expect(
      expect(auth).toHaveReceived(
        { path: '/oauth/token', body: { grant_type: 'refresh_token' } },
        { timeout: 300 },
      ),
    ).rejects.toThrow(
      /with body grant_type=refresh_token[\s\S]*POST \/oauth\/token body grant_type=client_credentials&client_id=nobody → 401/,
    );
  });

  test('simulates cookie blocking on what a real browser frames', async ({ auth, page }) => {
    // A stand-in for the app on a real loopback port (Chromium refuses to let a page it did
    // not load from the network frame a local server), same-site with the server.
    const app = createServer((_, response) => {
      response.setHeader('content-type', 'text/html');
      response.end('<!doctype html><title>app</title>');
    });
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    try {
      const appOrigin = `http://localhost:${(app.address() as AddressInfo).port}`;
      await auth.control.saveClient({ clientId: 'probe-app', webOrigins: [appOrigin] });
      await page.goto(`${appOrigin}/`);
      const probe = (url: string) =>
        page.evaluate(
          (src) =>
            new Promise<boolean>((resolve) => {
              addEventListener('message', (event) => resolve(event.data.cookies), { once: true });
              const frame = document.createElement('iframe');
              frame.src = src;
              document.body.append(frame);
            }),
          url,
        );
      const url = `${auth.url}/cookie-probe?origin=${encodeURIComponent(appOrigin)}`;
      expect(await probe(url)).toBe(true);
      await auth.control.setCookieBlocking('all-framed');
      expect(await probe(url)).toBe(false);
      await auth.control.setCookieBlocking('cross-site');
      expect(await probe(url)).toBe(true);
      const checks = (await auth.requests()).filter((r) => r.path === '/cookie-probe/check');
      expect(
        checks.map((r) => [r.secFetchDest, r.secFetchSite, r.cookiesIgnored ?? false]),
      ).toEqual([
        ['iframe', 'same-site', false],
        ['iframe', 'same-site', true],
        ['iframe', 'same-site', false],
      ]);
    } finally {
      await new Promise((resolve) => app.close(resolve));
    }
  });

  test('grants and revokes storage access: a cross-site frame gets the cookies, then none', async ({
    auth,
    page,
  }) => {
    // The stand-in app at localhost; the server at 127.0.0.1 is another site to it.
    const app = createServer((_, response) => {
      response.setHeader('content-type', 'text/html');
      response.end('<!doctype html><title>app</title>');
    });
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    try {
      const appOrigin = `http://localhost:${(app.address() as AddressInfo).port}`;
      const serverOrigin = `http://127.0.0.1:${auth.port}`;
      await auth.control.saveClient({ clientId: 'probe-app', webOrigins: [appOrigin] });
      await page.goto(`${appOrigin}/`);
      const probe = () =>
        page.evaluate(
          (src) =>
            new Promise<{ cookies: boolean; storageAccess: { header: string | null } }>(
              (resolve) => {
                addEventListener('message', (event) => resolve(event.data), { once: true });
                const frame = document.createElement('iframe');
                frame.src = src;
                document.body.append(frame);
              },
            ),
          `${serverOrigin}/cookie-probe?origin=${encodeURIComponent(appOrigin)}`,
        );
      expect(await probe()).toMatchObject({ cookies: false, storageAccess: { header: 'none' } });

      await auth.grantStorageAccess(page, { topOrigin: appOrigin });
      expect(await probe()).toMatchObject({ cookies: true, storageAccess: { header: 'active' } });
      // The browser came without cookies (inactive), was asked to retry, and came back with them.
      const first = (await auth.requests()).filter((r) => r.path === '/cookie-probe').at(-2);
      expect(first).toMatchObject({
        secFetchStorageAccess: 'inactive',
        status: 401,
        activateStorageAccess: `retry; allowed-origin="${appOrigin}"`,
      });

      await auth.revokeStorageAccess(page);
      expect(await probe()).toMatchObject({ cookies: false, storageAccess: { header: 'none' } });
    } finally {
      await new Promise((resolve) => app.close(resolve));
    }
  });

  test('drives FedCM: the account chooser answered, a code for an app on another site', async ({
    auth,
    page,
  }) => {
    // The app on 127.0.0.1 is cross-site to the server on localhost: third-party cookies are
    // blocked there, yet FedCM's accounts request carries the server's SameSite=None cookie.
    const app = createServer((_, response) => {
      response.setHeader('content-type', 'text/html');
      response.end('<!doctype html><title>app</title>');
    });
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    try {
      const appOrigin = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
      await auth.control.saveClient({ clientId: 'fedcm-app', webOrigins: [appOrigin] });
      await auth.signIn(page.context(), { email: ALICE.email });
      const fedcm = await auth.fedcm(page);
      await page.goto(`${appOrigin}/`);
      const { verifier, challenge } = pkce();
      const token = await page.evaluate(
        async ({ configURL, challenge }) => {
          const get = navigator.credentials.get.bind(navigator.credentials) as (
            options: unknown,
          ) => Promise<{ token: string } | null>;
          const credential = await get({
            identity: {
              providers: [
                {
                  configURL,
                  clientId: 'fedcm-app',
                  params: {
                    nonce: 'kit-nonce',
                    code_challenge: challenge,
                    code_challenge_method: 'S256',
                    scope: 'openid email',
                  },
                },
              ],
            },
          });
          return credential?.token;
        },
        { configURL: `${auth.url}/fedcm/config.json`, challenge },
      );
      expect(
        fedcm.dialogs().map((d) => [d.dialogType, d.accounts.map((a) => a.accountId)]),
      ).toEqual([['AccountChooser', [ALICE.sub]]]);
      await expect(auth).toHaveReceived({ path: '/fedcm/accounts', status: 200 });
      const tokens = await fetch(`${auth.url}/oauth/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: 'fedcm-app',
          code: token ?? '',
          code_verifier: verifier,
        }),
      });
      expect(tokens.status).toBe(200);
      expect(await tokens.json()).toMatchObject({ id_token: expect.any(String) });
      await fedcm.stop();
    } finally {
      await new Promise((resolve) => app.close(resolve));
    }
  });

  test('expires tokens by moving the server clock, and ends sessions', async ({
    auth,
    context,
  }) => {
    await auth.signIn(context, { email: BOB.email });
    const clock = await auth.expireTokens();
    expect(clock.offsetSeconds).toBe(86_400 + 1);
    expect(await auth.endSession({ userId: BOB.sub })).toBe(1);
  });
});

test.describe('on failure', () => {
  // In order, on one worker: the last test reads the report the one before it got.
  test.describe.configure({ mode: 'default' });
  let passing: TestInfo | undefined;
  let failing: TestInfo | undefined;

  test('a passing test', async ({ auth }, testInfo) => {
    passing = testInfo;
    await fetch(`${auth.url}/.well-known/jwks.json`);
  });

  // Playwright's list reporter marks it with a red ✘ even though test.fail() counts it as passed;
  // the title says so, for whoever reads the run's output.
  test('EXPECTED ✘: fails on purpose (test.fail(), counted as passed) so the next test can read its report', async ({
    auth,
  }, testInfo) => {
    test.fail();
    failing = testInfo;
    await auth.control.createSession({ email: ALICE.email });
    await fetch(`${auth.url}/authorize?client_id=nobody&code=secret-code`);
    expect(1, 'this test fails on purpose').toBe(2);
  });

  // afterEach hooks run before fixtures are torn down, so the report is checked by the next
  // test (same worker, in order), once the failing test's fixtures have attached it.
  test('the failing test got the server timeline and request log, the passing one none', () => {
    expect(passing?.attachments.map((a) => a.name)).not.toContain('auth-server-timeline.json');
    const attached = (name: string) => {
      const attachment = failing?.attachments.find((a) => a.name === name);
      expect(attachment?.contentType, `${name} attached`).toBe('application/json');
      return JSON.parse(attachment?.body?.toString() ?? 'null');
    };
    const { events } = attached('auth-server-timeline.json');
    expect(events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'sign_in', userId: ALICE.sub }),
        expect.objectContaining({ type: 'error', endpoint: '/authorize', error: 'invalid_client' }),
      ]),
    );
    const { requests } = attached('auth-server-requests.json');
    expect(requests).toEqual([
      expect.objectContaining({
        path: '/authorize',
        query: { client_id: 'nobody', code: '[redacted]' },
        status: 400,
      }),
    ]);
  });
});
