/** Test helpers for the native demo: a browser played over HTTP, and captured output. */
import { SEEDED_USERS } from '../../protocol/defaults.ts';
import type { RunIo } from '../runNativeDemo.ts';

const { email, password, userId } = SEEDED_USERS.alice;
export const ALICE = { email, password, sub: userId };

const hidden = (html: string) =>
  Object.fromEntries(
    [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [
      m[1] ?? '',
      (m[2] ?? '').replaceAll('&amp;', '&'),
    ]),
  );

/**
 * What a user's browser does with the sign-in URL: follows redirects with cookies, fills the
 * hosted login form, and finally lands on the app's loopback redirect. Resolves with that last page.
 */
export async function signInLikeABrowser(start: string, user = ALICE): Promise<Response> {
  const cookies = new Map<string, string>();
  let request: { url: string; init: RequestInit } = { url: start, init: {} };
  for (let hop = 0; hop < 10; hop++) {
    const headers = new Headers(request.init.headers);
    if (cookies.size > 0) {
      headers.set('cookie', [...cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    }
    const response = await fetch(request.url, { ...request.init, headers, redirect: 'manual' });
    for (const header of response.headers.getSetCookie()) {
      const [pair = ''] = header.split(';');
      const index = pair.indexOf('=');
      cookies.set(pair.slice(0, index).trim(), pair.slice(index + 1).trim());
    }
    const location = response.headers.get('location');
    if (location) {
      request = { url: new URL(location, request.url).href, init: {} };
      continue;
    }
    const html = await response.clone().text();
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
    if (!action || !html.includes('name="password"')) return response;
    request = {
      url: new URL(action, request.url).href,
      init: {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...hidden(html), email: user.email, password: user.password }),
      },
    };
  }
  throw new Error(`Too many hops signing in from ${start}`);
}

export interface CapturedIo extends RunIo {
  stdout: string[];
  stderr: string[];
  /** The pages the "browser" landed on, one per sign-in. */
  landings: Promise<Response>[];
}

/** Output captured in memory; the browser is played by signInLikeABrowser unless given. */
export function captureIo(cwd: string, browser = signInLikeABrowser): CapturedIo {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const landings: Promise<Response>[] = [];
  return {
    stdout,
    stderr,
    landings,
    out: (line) => stdout.push(line),
    err: (line) => stderr.push(line),
    openUrl: async (url) => {
      // Like a real browser: it comes back on its own while the demo waits.
      landings.push(browser(url));
      return { opened: true, command: 'test browser' };
    },
    now: () => new Date(),
    cwd,
    hostname: 'test-host',
  };
}
