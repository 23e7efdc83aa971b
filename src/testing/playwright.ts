/**
 * `silent-auth-lab/testing/playwright`: Playwright's `test` and `expect` with an authorization
 * server per worker, reset before each test, reported on failure, and steered by `auth`.
 */
import {
  type BrowserContext,
  test as base,
  expect as baseExpect,
  type ExpectMatcherState,
  type Page,
  type TestInfo,
} from '@playwright/test';
import type {
  ClockSummary,
  ControlClient,
  CreatedSession,
  RecordedEvent,
  RequestLogEntry,
} from './controlClient.ts';
import { enableFedCm, type FedCmAutomation, type FedCmOptions } from './fedcm.ts';
import { grantStorageAccess, revokeStorageAccess } from './storageAccessPermission.ts';

export {
  grantStorageAccess,
  revokeStorageAccess,
  type StorageAccessGrant,
} from './storageAccessPermission.ts';

import {
  type StartAuthServerOptions,
  type StartedAuthServer,
  startAuthServer,
} from './startAuthServer.ts';

export { enableFedCm, type FedCmAutomation, type FedCmDialog, type FedCmOptions } from './fedcm.ts';

export interface AuthFixture {
  /** e.g. http://localhost:43123, this worker's server. */
  url: string;
  issuer: string;
  port: number;
  control: ControlClient;
  server: StartedAuthServer;
  /**
   * Signs a user in without the login page: a server session, and its cookie in `context` for
   * the server's origin (or `origin`, e.g. the 127.0.0.1 one).
   */
  signIn(
    context: BrowserContext,
    who: ({ email: string } | { userId: string }) & { origin?: string },
  ): Promise<CreatedSession>;
  /** Ends one user's sessions, or all; returns how many ended. */
  endSession(options?: { userId?: string }): Promise<number>;
  /**
   * Moves the server's clock past the access and ID token lifetimes, so the tokens issued so
   * far have expired for it (sessions last longer). The browser's clock is not touched.
   */
  expireTokens(): Promise<ClockSummary>;
  requests(): Promise<RequestLogEntry[]>;
  events(): Promise<RecordedEvent[]>;
  /**
   * FedCM automation on `page` (Chromium): answers the account chooser (account 0 unless told
   * otherwise) so `navigator.credentials.get({identity})` settles in headless runs. Silent
   * re-authentication needs `launchPersistentContext`; see enableFedCm.
   */
  fedcm(page: Page, options?: FedCmOptions): Promise<FedCmAutomation>;
  /**
   * Grants this server storage access under `topOrigin` in `page`'s context, as a person's
   * "Allow" would (Chromium, through CDP): its frames in pages of `topOrigin` may then have its
   * cookies (the server answers their `Sec-Fetch-Storage-Access: inactive` with a retry).
   * `serverOrigin` defaults to the server's origin that is cross-site to `topOrigin`
   * (127.0.0.1 for a localhost page, else localhost).
   */
  grantStorageAccess(
    page: Page,
    options: { topOrigin: string; serverOrigin?: string },
  ): Promise<void>;
  /** Takes back the context's storage access grants (and its other permission overrides). */
  revokeStorageAccess(page: Page): Promise<void>;
}

/** The server's origin on the other loopback name than `topOrigin`'s: the cross-site one. */
const crossSiteOriginOf = (serverUrl: string, topOrigin: string): string => {
  const server = new URL(serverUrl);
  server.hostname = new URL(topOrigin).hostname === 'localhost' ? '127.0.0.1' : 'localhost';
  return server.origin;
};

/**
 * Signs a user in without the login page on the server behind `control`: a server session, and
 * its cookie in `context` for `origin`. The app's next silent sign-in (at its next page load)
 * then finds the user signed in. What `auth.signIn` does, for a server the fixture did not start.
 */
export async function signInWithSession(
  context: BrowserContext,
  control: ControlClient,
  { origin, ...who }: ({ email: string } | { userId: string }) & { origin: string },
): Promise<CreatedSession> {
  const session = await control.createSession(who);
  await context.addCookies(
    session.cookies.map((cookie) => ({
      name: cookie.name,
      value: cookie.value,
      domain: new URL(origin).hostname,
      path: cookie.path,
      httpOnly: cookie.httpOnly,
      secure: cookie.secure,
      sameSite: cookie.sameSite,
      expires: cookie.expires,
    })),
  );
  return session;
}

export function createAuthFixture(server: StartedAuthServer): AuthFixture {
  const { control } = server;
  return {
    url: server.url,
    issuer: server.issuer,
    port: server.port,
    control,
    server,
    signIn: (context, { origin = server.url, ...who }) =>
      signInWithSession(context, control, { origin, ...who }),
    endSession: (options) => control.endSessions(options),
    async expireTokens() {
      const { accessTokenSeconds, idTokenSeconds } = await control.getLifetimes();
      return control.advanceClock(Math.max(accessTokenSeconds, idTokenSeconds) + 1);
    },
    requests: () => control.requests(),
    events: () => control.events(),
    fedcm: enableFedCm,
    grantStorageAccess: (page, { topOrigin, serverOrigin }) =>
      grantStorageAccess(page, {
        topOrigin,
        embeddedOrigin: serverOrigin ?? crossSiteOriginOf(server.url, topOrigin),
      }),
    revokeStorageAccess: (page) => revokeStorageAccess(page),
  };
}

/** What `toHaveReceived` looks for in the request log. */
export interface RequestPattern {
  path: string | RegExp;
  method?: string;
  /** Each parameter must be there with this value (or matching it; `true`: present at all). */
  query?: Record<string, string | RegExp | true>;
  /**
   * The same for the parameters of a form or JSON body, e.g. `{ grant_type: 'refresh_token' }`.
   * Secrets (codes, tokens, passwords, verifiers) are logged as `[redacted]`: match them with `true`.
   */
  body?: Record<string, string | RegExp | true>;
  status?: number;
}

const valueMatches = (actual: string | string[] | undefined, expected: string | RegExp | true) => {
  if (actual === undefined) return false;
  if (expected === true) return true;
  const values = Array.isArray(actual) ? actual : [actual];
  return values.some((value) =>
    typeof expected === 'string' ? value === expected : expected.test(value),
  );
};

export function matchesRequest(entry: RequestLogEntry, pattern: RequestPattern): boolean {
  if (
    typeof pattern.path === 'string' ? entry.path !== pattern.path : !pattern.path.test(entry.path)
  )
    return false;
  if (pattern.method !== undefined && entry.method !== pattern.method.toUpperCase()) return false;
  if (pattern.status !== undefined && entry.status !== pattern.status) return false;
  const parametersMatch = (
    actual: RequestLogEntry['query'] | undefined,
    expected: RequestPattern['query'],
  ) => Object.entries(expected ?? {}).every(([name, value]) => valueMatches(actual?.[name], value));
  return parametersMatch(entry.query, pattern.query) && parametersMatch(entry.body, pattern.body);
}

const formOf = (parameters: RequestLogEntry['query']) => {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) {
    for (const one of Array.isArray(value) ? value : [value]) form.append(name, one);
  }
  return decodeURIComponent(form.toString());
};

const describeEntry = (entry: RequestLogEntry) => {
  const query = formOf(entry.query);
  const body = entry.body === undefined ? '' : ` body ${formOf(entry.body)}`;
  return `${entry.method} ${entry.path}${query ? `?${query}` : ''}${body} → ${entry.status ?? 'pending'}`;
};

const describeParameters = (parameters: Record<string, string | RegExp | true>) =>
  Object.entries(parameters)
    .map(([name, value]) => `${name}=${value === true ? '*' : String(value)}`)
    .join('&');

const describePattern = (pattern: RequestPattern) =>
  `${pattern.method ?? 'any method'} ${String(pattern.path)}${
    pattern.query ? ` with ${describeParameters(pattern.query)}` : ''
  }${pattern.body ? ` with body ${describeParameters(pattern.body)}` : ''}${
    pattern.status === undefined ? '' : ` answered ${pattern.status}`
  }`;

const controlOf = (receiver: unknown): ControlClient => {
  const control = (receiver as { control?: ControlClient } | undefined)?.control;
  if (!control || typeof control.requests !== 'function') {
    throw new Error('toHaveReceived expects the `auth` fixture or a started authorization server');
  }
  return control;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const expect = baseExpect.extend({
  /**
   * Whether the server received a matching request (exactly `times` of them when given),
   * retrying until the expect timeout like Playwright's own web-first assertions.
   */
  async toHaveReceived(
    this: ExpectMatcherState,
    receiver: AuthFixture | StartedAuthServer,
    pattern: RequestPattern,
    options: { times?: number; timeout?: number } = {},
  ) {
    const control = controlOf(receiver);
    const deadline = Date.now() + (options.timeout ?? this.timeout);
    const satisfied = (count: number) =>
      options.times === undefined ? count > 0 : count === options.times;
    let log: RequestLogEntry[] = [];
    let matched: RequestLogEntry[] = [];
    for (;;) {
      log = await control.requests();
      matched = log.filter((entry) => matchesRequest(entry, pattern));
      if (satisfied(matched.length) !== this.isNot || Date.now() >= deadline) break;
      await sleep(50);
    }
    const pass = satisfied(matched.length);
    const wanted = options.times === undefined ? 'at least once' : `${options.times} time(s)`;
    return {
      name: 'toHaveReceived',
      pass,
      expected: pattern,
      actual: matched.length,
      message: () =>
        `${this.utils.matcherHint('toHaveReceived', 'auth', 'pattern', { isNot: this.isNot })}\n\n` +
        `Expected ${this.isNot ? 'no' : wanted}: ${describePattern(pattern)}\n` +
        `Matching: ${matched.length} of ${log.length} request(s) received:\n` +
        (log
          .slice(-30)
          .map((entry) => `  ${describeEntry(entry)}`)
          .join('\n') || '  (none)'),
    };
  },
});

/** The server's event timeline and request log, attached to a failed test's report. */
export async function attachServerReport(server: StartedAuthServer, testInfo: TestInfo) {
  const [events, requests] = await Promise.all([
    server.control.events(),
    server.control.requests(),
  ]);
  await testInfo.attach('auth-server-timeline.json', {
    body: JSON.stringify({ server: server.url, events }, null, 2),
    contentType: 'application/json',
  });
  await testInfo.attach('auth-server-requests.json', {
    body: JSON.stringify({ server: server.url, requests }, null, 2),
    contentType: 'application/json',
  });
}

const failed = (testInfo: TestInfo) =>
  testInfo.status !== 'passed' && testInfo.status !== 'skipped';

export interface AuthWorkerFixtures {
  /** Options for each worker's server (e.g. `{ spaOrigin }`); set with `test.use` or in the config. */
  authServerOptions: StartAuthServerOptions;
  /** This worker's own authorization server: parallel workers never share sessions. */
  authServer: StartedAuthServer;
}

export interface AuthTestFixtures {
  auth: AuthFixture;
  /** Resets the server before each test and attaches its timeline when the test fails. */
  authServerReset: undefined;
}

export const test = base.extend<AuthTestFixtures, AuthWorkerFixtures>({
  authServerOptions: [{}, { scope: 'worker', option: true }],
  authServer: [
    async ({ authServerOptions }, use) => {
      const server = await startAuthServer(authServerOptions);
      await use(server);
      await server.close();
    },
    { scope: 'worker', title: 'start the authorization server' },
  ],
  authServerReset: [
    async ({ authServer }, use, testInfo) => {
      await authServer.control.reset();
      await use(undefined);
      if (failed(testInfo)) await attachServerReport(authServer, testInfo);
    },
    { auto: true, box: true },
  ],
  auth: async ({ authServer }, use) => {
    await use(createAuthFixture(authServer));
  },
});
