/**
 * Helpers for this folder's unit tests (not a public test kit): one RSA key per test file,
 * a seeded server on a test clock, a cookie jar, and the browser steps of a sign-in.
 */
import { SPA_CLIENT_ID } from '../protocol/defaults.ts';
import { type AuthServerConfigInput, parseAuthServerConfig, seedConfig } from './config.ts';
import { type AuthServer, createAuthServer } from './createAuthServer.ts';
import { createTestClock, type TestClock } from './domain/clock.ts';
import type { Domain } from './domain/domain.ts';
import { createLifetimeSettings } from './domain/lifetimes.ts';
import { s256 } from './domain/pkce.ts';
import { createRegistry } from './domain/registry.ts';
import { generateSigningKey } from './domain/signingKey.ts';
import { createMemoryStore } from './store/memoryStore.ts';

export const testSigningKey = generateSigningKey();

export const AUTH = 'http://localhost:4400';
export const ISSUER = `${AUTH}/`;
export const SPA_ORIGIN = 'http://localhost:5173';
export const CALLBACK = `${SPA_ORIGIN}/callback`;
export const API_AUDIENCE = 'http://localhost:4401/';
export const ALICE = { email: 'alice@example.com', password: 'wonderland', sub: 'auth0|alice' };
export const BOB = { email: 'bob@example.com', password: 'builder', sub: 'auth0|bob' };

export const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
export const CHALLENGE = s256(VERIFIER);

export interface TestServer {
  server: AuthServer;
  clock: TestClock;
}

export function createTestServer(
  change: (config: AuthServerConfigInput) => AuthServerConfigInput = (config) => config,
): TestServer {
  const clock = createTestClock();
  const server = createAuthServer(change(seedConfig()), {
    clock,
    signingKey: testSigningKey,
    logger: { error: () => undefined },
  });
  return { server, clock };
}

/** The seeded domain on a test clock, for unit tests of domain functions. */
export function createTestDomain(): Domain & { clock: TestClock } {
  const config = parseAuthServerConfig(seedConfig());
  return {
    config,
    registry: createRegistry(config),
    store: createMemoryStore(),
    clock: createTestClock(),
    signingKey: testSigningKey,
    lifetimes: createLifetimeSettings(config.lifetimes),
  };
}

/** Remembers cookies across requests, like a browser on one site. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(response: Response): Response {
    for (const header of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = header.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

export function authorizeUrl(params: Record<string, string | undefined> = {}): string {
  const defaults: Record<string, string | undefined> = {
    client_id: SPA_CLIENT_ID,
    redirect_uri: CALLBACK,
    response_type: 'code',
    scope: 'openid profile email read:profile',
    audience: API_AUDIENCE,
    state: 'state-123',
    nonce: 'nonce-456',
    code_challenge: CHALLENGE,
    code_challenge_method: 'S256',
  };
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries({ ...defaults, ...params })) {
    if (value !== undefined) search.set(name, value);
  }
  return `${AUTH}/authorize?${search}`;
}

/** A request as the browser sends it: with the jar's cookies, collecting the new ones. */
export async function browse(
  server: AuthServer,
  jar: CookieJar,
  url: string,
  init: RequestInit = {},
): Promise<Response> {
  const headers = new Headers(init.headers);
  const cookie = jar.header();
  if (cookie) headers.set('cookie', cookie);
  const absolute = url.startsWith('http') ? url : `${AUTH}${url}`;
  return jar.store(await server.app.request(absolute, { ...init, headers }));
}

export const hiddenField = (html: string, name: string): string => {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!match?.[1]) throw new Error(`No hidden field ${name}`);
  return match[1];
};

export const formPost = (fields: Record<string, string>): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

/** Submits the login form of the page at `loginLocation`; returns the POST response. */
export async function submitLogin(
  server: AuthServer,
  jar: CookieJar,
  loginLocation: string,
  credentials: { email: string; password: string },
): Promise<Response> {
  const page = await (await browse(server, jar, loginLocation)).text();
  return browse(
    server,
    jar,
    '/u/login',
    formPost({
      state: hiddenField(page, 'state'),
      csrf: hiddenField(page, 'csrf'),
      email: credentials.email,
      password: credentials.password,
    }),
  );
}

/** The whole interactive sign-in; returns the final redirect to the client. */
export async function signIn(
  server: AuthServer,
  jar: CookieJar,
  params: Record<string, string | undefined> = {},
  credentials = ALICE,
): Promise<URL> {
  const start = await browse(server, jar, authorizeUrl(params));
  let location = start.headers.get('location') ?? '';
  if (location.startsWith('/u/login')) {
    const posted = await submitLogin(server, jar, location, credentials);
    const resumed = await browse(server, jar, posted.headers.get('location') ?? '');
    location = resumed.headers.get('location') ?? '';
  }
  return new URL(location, AUTH);
}

export async function exchangeCode(
  server: AuthServer,
  code: string,
  overrides: Record<string, string | undefined> = {},
  headers: Record<string, string> = {},
): Promise<Response> {
  const fields: Record<string, string | undefined> = {
    grant_type: 'authorization_code',
    client_id: SPA_CLIENT_ID,
    code,
    redirect_uri: CALLBACK,
    code_verifier: VERIFIER,
    ...overrides,
  };
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields))
    if (value !== undefined) body.set(name, value);
  return server.app.request(`${AUTH}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: body.toString(),
  });
}

/** Signs in (interactively) and exchanges the code; returns the token response body. */
export async function signInForTokens(
  server: AuthServer,
  jar = new CookieJar(),
  params: Record<string, string | undefined> = {},
): Promise<{ access_token: string; id_token?: string; expires_in: number; scope: string }> {
  const callback = await signIn(server, jar, params);
  const code = callback.searchParams.get('code');
  if (!code) throw new Error(`No code in ${callback}`);
  const response = await exchangeCode(server, code);
  if (response.status !== 200) throw new Error(`Token exchange failed: ${await response.text()}`);
  return response.json();
}
