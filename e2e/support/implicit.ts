import { type BrowserContext, expect, type Page } from '@playwright/test';
import { signInOnHostedPage } from './login.ts';
import { authStatus } from './spa.ts';
import { CLIENT_ID, type Stack } from './stack.ts';

export const SIGN_IN_FLOW = 'Sign-in flow';
export const IMPLICIT_OPTION = 'Implicit (deprecated)';

/**
 * Picks the deprecated implicit flow in the lab settings panel (on the page open now). The app
 * reloads with it: wait until it shows the deprecation note instead of the transport choice
 * and has finished its silent sign-in attempt.
 */
export async function chooseImplicitFlow(page: Page): Promise<void> {
  const select = page.getByLabel(SIGN_IN_FLOW, { exact: true });
  await select.selectOption({ label: IMPLICIT_OPTION });
  await expect(select).toHaveValue('implicit');
  await expect(page.getByTestId('implicit-deprecation')).toContainText('Deprecated');
  await expect(page.getByLabel('Silent transport', { exact: true })).toHaveCount(0);
  await expect(authStatus(page)).not.toHaveText('authenticating');
}

/** Every URL the tab's top-level document went to, fragments included. */
export function recordTopLevelUrls(page: Page): string[] {
  const urls: string[] = [];
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) urls.push(frame.url());
  });
  return urls;
}

/**
 * The URLs of this origin's entries in the tab's history, as the Navigation API lists them
 * (Chromium): where a fragment left in history would show.
 */
export const historyEntries = (page: Page): Promise<string[]> =>
  page.evaluate(() =>
    (window as unknown as { navigation: { entries(): { url: string | null }[] } }).navigation
      .entries()
      .map((entry) => entry.url ?? ''),
  );

/** Goes Back through the tab's whole history, returning every URL it shows on the way. */
export async function walkBackThroughHistory(page: Page, limit = 10): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < limit; i++) {
    const before = page.url();
    await page.goBack({ waitUntil: 'commit' }).catch(() => null);
    if (page.url() === before) break;
    seen.push(page.url());
  }
  return seen;
}

/** The parameters of a URL's fragment. */
export const fragmentOf = (url: string): URLSearchParams =>
  new URLSearchParams(new URL(url).hash.slice(1));

/** A JWT's payload, unchecked (the test reads what the server put there). */
export function jwtPayload(jwt: string): Record<string, unknown> {
  const payload = jwt.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
}

/** A JWT with one character of its signature changed (in the middle: no padding bits). */
export function withTamperedSignature(jwt: string): string {
  const [header, payload, signature = ''] = jwt.split('.');
  const at = Math.floor(signature.length / 2);
  const swapped = signature[at] === 'A' ? 'B' : 'A';
  return `${header}.${payload}.${signature.slice(0, at)}${swapped}${signature.slice(at + 1)}`;
}

/**
 * The server's genuine answer to the sign-in request `authorize` (its state and nonce), got in
 * another tab of the same browser through the registered, inert silent callback page: the tab
 * that made the request never sees it, so its sign-in still waits for an answer.
 */
export async function answerElsewhere(
  stack: Stack,
  context: BrowserContext,
  authorize: URL,
): Promise<URLSearchParams> {
  const other = await context.newPage();
  const state = authorize.searchParams.get('state') ?? '';
  await other.goto(
    rawImplicitAuthorizeUrl(stack, {
      responseType: 'id_token token',
      scope: authorize.searchParams.get('scope') ?? 'openid',
      state,
      nonce: authorize.searchParams.get('nonce') ?? '',
    }),
  );
  await signInOnHostedPage(other);
  await other.waitForURL((url) => url.href.startsWith(`${stack.spa}/silent-callback.html#`));
  const fragment = fragmentOf(other.url());
  await other.close();
  expect(fragment.get('state')).toBe(state);
  return fragment;
}

export interface RawImplicitRequest {
  responseType: 'id_token token' | 'id_token' | 'token';
  scope: string;
  /** Default: the silent callback page, registered and inert at top level: the fragment stays. */
  redirectUri?: string;
  state?: string;
  nonce?: string;
}

/** An /authorize URL for the implicit flow, written by hand (no client library). */
export function rawImplicitAuthorizeUrl(stack: Stack, request: RawImplicitRequest): string {
  const url = new URL(`${stack.auth}/authorize`);
  const params = {
    client_id: CLIENT_ID,
    response_type: request.responseType,
    redirect_uri: request.redirectUri ?? `${stack.spa}/silent-callback.html`,
    scope: request.scope,
    audience: stack.audience,
    state: request.state ?? 'raw-state',
    nonce: request.nonce ?? 'raw-nonce',
  };
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.href;
}
