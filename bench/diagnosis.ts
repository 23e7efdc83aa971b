/**
 * Time to each silent-renewal diagnosis in headless Chromium, against the bundled server: our
 * SPA (a fresh production build, "Renew now", the store's own duration and reason) beside
 * oidc-client-ts `UserManager.signinSilent` and auth0-spa-js `getTokenSilently`, unchanged and
 * with their default timeouts, given the same failure in the same run. The SDKs are hosted on a
 * page of the SPA origin (its silent callback page), as in e2e/auth0SpaJsCompat.spec.ts:
 * a page the harness fulfilled itself would count as public address space for Chromium's Local
 * Network Access checks, which then refuse its frames to loopback.
 *
 * An SDK that only gives up at its timeout needs few samples to show it: after two samples
 * past SLOW_MS a case stops, and auth0-spa-js (60 s) is waited for `sdkCapSeconds` at most,
 * reported as "≥ cap".
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../scripts/findChromium.ts';
import { createSpaServer } from '../scripts/spaServer.ts';
import { buildSpa } from '../scripts/spaSize.ts';
import {
  apiAudienceFor,
  issuerFor,
  originOf,
  SPA_CLIENT_ID,
  UNFRAMEABLE_SPA_CLIENT_ID,
} from '../src/protocol/defaults.ts';
import { seedConfig } from '../src/server/config.ts';
import { createAuthServer } from '../src/server/createAuthServer.ts';
import { listenFetch, type RunningAuthServer } from '../src/server/listen.ts';
import { type ControlClient, createControlClient } from '../src/testing/controlClient.ts';
import { signInWithSession } from '../src/testing/playwright.ts';
import { ROOT } from './lib/processes.ts';
import { median, percentile } from './lib/stats.ts';
import { renewOnce } from './silentRenewal.ts';

export const DIAGNOSES = [
  'third_party_cookies_blocked',
  'frame_blocked',
  'login_required',
  'network_error',
  'server_error',
] as const;
export type Diagnosis = (typeof DIAGNOSES)[number];
export const DIAGNOSIS_CLIENTS = ['silent-auth-lab', 'oidc-client-ts', 'auth0-spa-js'] as const;
type DiagnosisClient = (typeof DIAGNOSIS_CLIENTS)[number];

/** The SDKs' own defaults, which this benchmark leaves as they are. */
export const SDK_TIMEOUT_SECONDS = { 'oidc-client-ts': 10, 'auth0-spa-js': 60 } as const;
/** A sample this slow waited for a timeout: two of them are enough to show it. */
const SLOW_MS = 5_000;

export interface DiagnosisOptions {
  /** Our SPA's samples per case. */
  samples: number;
  /** The SDKs' samples per case, at most (two past SLOW_MS end a case). */
  sdkSamples: number;
  /** How long to wait for one SDK answer before reporting "≥ cap". */
  sdkCapSeconds: number;
  log(line: string): void;
}

export interface DiagnosisFigures {
  medianMs: number;
  p95Ms: number;
  /** Each sample; a capped one counts as the cap. */
  samplesMs: number[];
  /** What the client said, and how often: its reason, error code or message. */
  outcomes: Record<string, number>;
  /** Samples still unanswered at the cap. */
  capped: number;
}

export interface DiagnosisReport {
  browser: string;
  capSeconds: number;
  sdkTimeoutSeconds: typeof SDK_TIMEOUT_SECONDS;
  cases: Record<Diagnosis, Partial<Record<DiagnosisClient, DiagnosisFigures>>>;
}

interface Sample {
  ms: number;
  outcome: string;
  capped?: boolean;
}

const figures = (samples: Sample[]): DiagnosisFigures => {
  const samplesMs = samples.map((s) => s.ms);
  const outcomes: Record<string, number> = {};
  for (const { outcome } of samples) outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  return {
    medianMs: median(samplesMs),
    p95Ms: percentile(samplesMs, 95),
    samplesMs,
    outcomes,
    capped: samples.filter((s) => s.capped).length,
  };
};

/** Their browser bundles (globals `oidc` and `auth0`); oidc-client-ts does not export its path. */
const SDK_SOURCES = {
  'oidc-client-ts': () =>
    readFileSync(
      join(ROOT, 'node_modules/oidc-client-ts/dist/browser/oidc-client-ts.min.js'),
      'utf8',
    ),
  'auth0-spa-js': () =>
    readFileSync(
      join(ROOT, 'node_modules/@auth0/auth0-spa-js/dist/auth0-spa-js.production.js'),
      'utf8',
    ),
};

/** The server with its control API (faults, sessions), the demo SPA build; the server restartable. */
interface DiagnosisStack {
  auth: string;
  authCrossSite: string;
  spa: string;
  audience: string;
  control: ControlClient;
  stopAuth(): Promise<void>;
  startAuth(): Promise<void>;
  close(): Promise<void>;
}

async function startDiagnosisStack(spaRoot: string): Promise<DiagnosisStack> {
  let authFetch: ((request: Request, env?: unknown) => Response | Promise<Response>) | undefined;
  let spaFetch: typeof authFetch;
  const toAuth = (request: Request, env?: unknown) =>
    authFetch?.(request, env) ?? new Response('starting', { status: 503 });
  let authListener: RunningAuthServer | undefined = await listenFetch(toAuth, { port: 0 });
  const authPort = authListener.port;
  const spaListener = await listenFetch(
    (request, env) => spaFetch?.(request, env) ?? new Response('starting', { status: 503 }),
    { port: 0 },
  );
  const auth = originOf(authPort);
  const spa = originOf(spaListener.port);
  // No demo API: a diagnosis never reaches it; the audience only has to be one the server knows.
  const audience = apiAudienceFor(originOf(authPort + 1));
  const server = createAuthServer({
    ...seedConfig({ port: authPort, spaOrigin: spa, apiAudience: audience }),
    control: true,
  });
  await server.ready;
  authFetch = server.fetch;
  spaFetch = createSpaServer({
    root: spaRoot,
    config: {
      authority: issuerFor(auth),
      clientId: SPA_CLIENT_ID,
      audience,
      scope: 'openid profile email read:profile',
      apiUrl: originOf(authPort + 1),
    },
  }).fetch;
  return {
    auth,
    authCrossSite: originOf(authPort, '127.0.0.1'),
    spa,
    audience,
    control: createControlClient(auth),
    // Really gone (connections refused), as network_error means; then back on the same port.
    stopAuth: async () => {
      await authListener?.close();
      authListener = undefined;
    },
    startAuth: async () => {
      authListener ??= await listenFetch(toAuth, { port: authPort });
    },
    close: async () => {
      await authListener?.close();
      await spaListener.close();
      server.close();
    },
  };
}

/** How each case is set up: for our SPA (lab settings) and the server (faults around a sample). */
interface CaseSetup {
  /** Lab settings the SPA is given before signing in. */
  labSettings?: Record<string, string>;
  /** The SDKs' authority origin and client for this case. */
  sdkAuthority(stack: DiagnosisStack): string;
  sdkClientId: string;
  /** Ours: renew again and again after one sign-in (the failure persists, nothing retries). */
  persistent: boolean;
  /** Makes the failure happen for the next silent request; `undo` takes it away. */
  provoke?(stack: DiagnosisStack): Promise<void>;
  undo?(stack: DiagnosisStack): Promise<void>;
}

const sameSite = (stack: DiagnosisStack) => stack.auth;
const CASES: Record<Diagnosis, CaseSetup> = {
  third_party_cookies_blocked: {
    labSettings: { 'Authorization server host': '127.0.0.1' },
    sdkAuthority: (stack) => stack.authCrossSite,
    sdkClientId: SPA_CLIENT_ID,
    persistent: true,
  },
  frame_blocked: {
    labSettings: { Client: 'unframeable' },
    sdkAuthority: sameSite,
    sdkClientId: UNFRAMEABLE_SPA_CLIENT_ID,
    persistent: true,
  },
  login_required: {
    sdkAuthority: sameSite,
    sdkClientId: SPA_CLIENT_ID,
    persistent: false,
    provoke: async (stack) => {
      await stack.control.endSessions();
    },
  },
  network_error: {
    sdkAuthority: sameSite,
    sdkClientId: SPA_CLIENT_ID,
    persistent: false,
    provoke: (stack) => stack.stopAuth(),
    undo: (stack) => stack.startAuth(),
  },
  server_error: {
    sdkAuthority: sameSite,
    sdkClientId: SPA_CLIENT_ID,
    persistent: false,
    provoke: async (stack) => {
      await stack.control.forceError('/authorize', 'server_error', {
        query: { prompt: 'none' },
        times: null,
      });
    },
    undo: (stack) => stack.control.clearFaults(),
  },
};

const authenticated = (page: Page) =>
  page
    .getByTestId('auth-status')
    .filter({ hasText: /^authenticated$/ })
    .waitFor();

/** Our SPA: one context per case; the store's duration of each failed renewal and its reason. */
async function measureOurs(
  browser: Browser,
  stack: DiagnosisStack,
  setup: CaseSetup,
  samples: number,
): Promise<Sample[]> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const results: Sample[] = [];
  try {
    const sample = async () => {
      await setup.provoke?.(stack);
      try {
        const result = await renewOnce(page);
        results.push({ ms: result.durationMs, outcome: result.ok ? 'renewed' : result.reason });
      } finally {
        await setup.undo?.(stack);
      }
    };
    if (setup.persistent) {
      await page.goto(`${stack.spa}/`);
      for (const [label, value] of Object.entries(setup.labSettings ?? {})) {
        // Another server host or client reloads the app, which then tries a silent sign-in.
        const reloaded = page.waitForEvent('load');
        await page.getByLabel(label, { exact: true }).selectOption(value);
        await reloaded;
        await page
          .getByTestId('auth-status')
          .filter({ hasText: /^anonymous$/ })
          .waitFor();
      }
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByLabel('Email').fill('alice@example.com');
      await page.getByLabel('Password').fill('wonderland');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${stack.spa}/`);
      await authenticated(page);
      for (let i = 0; i < samples; i++) await sample();
      return results;
    }
    // The failure ends the signed-in state (or schedules retries): each sample starts from a
    // page that signed in silently with a fresh server session.
    for (let i = 0; i < samples; i++) {
      await signInWithSession(context, stack.control, {
        origin: stack.auth,
        email: 'alice@example.com',
      });
      await page.goto(`${stack.spa}/`);
      await authenticated(page);
      await sample();
    }
    return results;
  } finally {
    await context.close();
  }
}

// In-page scripts are strings: tsx would wrap functions passed to page.evaluate in a helper
// (__name) that does not exist in the page.

/** Creates `window.sdk`, ready to renew (oidc-client-ts has read discovery, as an app would have). */
const createSdkScript = (
  sdk: Exclude<DiagnosisClient, 'silent-auth-lab'>,
  settings: { authority: string; clientId: string; spa: string; audience: string },
) =>
  sdk === 'oidc-client-ts'
    ? `(async () => {
        window.sdk = new oidc.UserManager({
          authority: ${JSON.stringify(issuerFor(settings.authority))},
          client_id: ${JSON.stringify(settings.clientId)},
          redirect_uri: ${JSON.stringify(`${settings.spa}/callback`)},
          silent_redirect_uri: ${JSON.stringify(`${settings.spa}/silent-callback.html`)},
          scope: 'openid profile email read:profile',
          extraQueryParams: { audience: ${JSON.stringify(settings.audience)} },
        });
        await window.sdk.metadataService.getMetadata();
        window.renew = () => window.sdk.signinSilent();
      })()`
    : `(() => {
        window.sdk = new auth0.Auth0Client({
          domain: ${JSON.stringify(settings.authority)},
          clientId: ${JSON.stringify(settings.clientId)},
          authorizationParams: {
            audience: ${JSON.stringify(settings.audience)},
            redirect_uri: ${JSON.stringify(`${settings.spa}/callback`)},
            scope: 'openid profile email read:profile',
          },
        });
        window.renew = () => window.sdk.getTokenSilently({ cacheMode: 'off' });
      })()`;

/** One silent renewal through the SDK: how long until it answered, and what it said. */
const renewThroughSdk = (capMs: number) => `(async () => {
  const started = performance.now();
  const capped = new Promise((resolve) => setTimeout(() => resolve({ capped: true }), ${capMs}));
  const answer = window.renew().then(
    () => ({ outcome: 'renewed' }),
    (error) => ({ outcome: String(error && (error.error || error.message) || error) }),
  );
  const result = await Promise.race([answer, capped]);
  return { ms: performance.now() - started, outcome: result.capped ? 'still waiting' : result.outcome, capped: Boolean(result.capped) };
})()`;

/** An SDK: a fresh page per sample (a capped call would hold the SDK's lock for the next one). */
async function measureSdk(
  context: BrowserContext,
  stack: DiagnosisStack,
  setup: CaseSetup,
  sdk: Exclude<DiagnosisClient, 'silent-auth-lab'>,
  options: DiagnosisOptions,
): Promise<Sample[]> {
  const source = SDK_SOURCES[sdk]();
  const authority = setup.sdkAuthority(stack);
  const results: Sample[] = [];
  for (let i = 0; i < options.sdkSamples; i++) {
    await signInWithSession(context, stack.control, {
      origin: authority,
      email: 'alice@example.com',
    });
    const page = await context.newPage();
    try {
      await page.goto(`${stack.spa}/silent-callback.html`);
      await page.addScriptTag({ content: source });
      await page.evaluate(
        createSdkScript(sdk, {
          authority,
          clientId: setup.sdkClientId,
          spa: stack.spa,
          audience: stack.audience,
        }),
      );
      await setup.provoke?.(stack);
      try {
        results.push(
          (await page.evaluate(renewThroughSdk(options.sdkCapSeconds * 1000))) as Sample,
        );
      } finally {
        await setup.undo?.(stack);
      }
    } finally {
      await page.close();
    }
    if (results.filter((s) => s.ms >= SLOW_MS).length >= 2) break;
  }
  return results;
}

const describe = (f: DiagnosisFigures) =>
  `median ${f.medianMs.toFixed(0)} ms, p95 ${f.p95Ms.toFixed(0)} ms (${Object.entries(f.outcomes)
    .map(([outcome, n]) => `${outcome} ×${n}`)
    .join(', ')})`;

export async function runDiagnosis(options: DiagnosisOptions): Promise<DiagnosisReport> {
  const work = mkdtempSync(join(tmpdir(), 'bench-diagnosis-'));
  let stack: DiagnosisStack | undefined;
  const browser = await chromium.launch(chromiumLaunchOptions(chromium.executablePath()));
  try {
    options.log('  building the SPA (production)');
    await buildSpa(work);
    stack = await startDiagnosisStack(work);
    const cases = {} as DiagnosisReport['cases'];
    for (const diagnosis of DIAGNOSES) {
      const setup = CASES[diagnosis];
      await stack.control.reset();
      const ours = figures(await measureOurs(browser, stack, setup, options.samples));
      cases[diagnosis] = { 'silent-auth-lab': ours };
      options.log(`  ${diagnosis}: silent-auth-lab ${describe(ours)}`);
      for (const sdk of ['oidc-client-ts', 'auth0-spa-js'] as const) {
        const context = await browser.newContext();
        try {
          const measured = figures(await measureSdk(context, stack, setup, sdk, options));
          cases[diagnosis][sdk] = measured;
          options.log(`  ${diagnosis}: ${sdk} ${describe(measured)}`);
        } finally {
          await context.close();
        }
      }
    }
    return {
      browser: `Chromium ${browser.version()}`,
      capSeconds: options.sdkCapSeconds,
      sdkTimeoutSeconds: SDK_TIMEOUT_SECONDS,
      cases,
    };
  } finally {
    await browser.close();
    await stack?.close();
    rmSync(work, { recursive: true, force: true });
  }
}
