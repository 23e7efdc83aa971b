/**
 * Helpers for the server's unit tests (not a public test kit): one RSA key per test file,
 * a seeded server on a test clock, a cookie jar, and the browser steps of a sign-in.
 */
import {
  M2M_CLIENT_ID,
  M2M_TEST_SECRET,
  NATIVE_CLIENT_ID,
  SEEDED_USERS,
  SPA_CLIENT_ID,
} from '../../protocol/defaults.ts';
import type { AuthorizationResponseMessage } from '../../protocol/oauth.ts';
import { type AuthServerConfigInput, parseAuthServerConfig, seedConfig } from '../config.ts';
import type { ControlledDomain } from '../control/controlPlane.ts';
import { type AuthServer, createAuthServer, createDomain } from '../createAuthServer.ts';
import { createTestClock, type TestClock } from '../domain/clock.ts';
import { OAuthError } from '../domain/oauthError.ts';
import { s256 } from '../domain/pkce.ts';
import { generateSigningKey } from '../domain/signingKey.ts';

export const testSigningKey = generateSigningKey();

export const AUTH = 'http://localhost:4400';
export const ISSUER = `${AUTH}/`;
export const SPA_ORIGIN = 'http://localhost:5173';
export const CALLBACK = `${SPA_ORIGIN}/callback`;
export const API_AUDIENCE = 'http://localhost:4401/';
const credentialsOf = ({
  email,
  password,
  userId,
}: {
  email: string;
  password: string;
  userId: string;
}) => ({
  email,
  password,
  sub: userId,
});
export const ALICE = credentialsOf(SEEDED_USERS.alice);
export const BOB = credentialsOf(SEEDED_USERS.bob);

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

/** The seeded domain (or a changed one) on a test clock, for unit tests of domain functions. */
export function createTestDomain(
  change: (config: AuthServerConfigInput) => AuthServerConfigInput = (config) => config,
): ControlledDomain & { clock: TestClock } {
  const clock = createTestClock();
  const domain = createDomain(parseAuthServerConfig(change(seedConfig())), {
    clock,
    signingKey: testSigningKey,
    logger: { error: () => undefined },
  });
  return { ...domain, clock };
}

/** The OAuthError `run` throws; fails the test when it throws none (or another error). */
export function refusal(run: () => unknown): OAuthError {
  try {
    run();
  } catch (error) {
    if (error instanceof OAuthError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
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
  // The form posts back to the issuer host that showed it.
  const action = new URL('/u/login', new URL(loginLocation, AUTH)).href;
  return browse(
    server,
    jar,
    action,
    formPost({
      state: hiddenField(page, 'state'),
      csrf: hiddenField(page, 'csrf'),
      email: credentials.email,
      password: credentials.password,
    }),
  );
}

/** A test server (seeded, or changed by `change`) with a browser already signed in on it. */
export async function signedInTestServer(
  change?: (config: AuthServerConfigInput) => AuthServerConfigInput,
): Promise<TestServer & { jar: CookieJar }> {
  const test = createTestServer(change);
  const jar = new CookieJar();
  await signIn(test.server, jar);
  return { ...test, jar };
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

/**
 * A POST to one of the server's form-encoded endpoints, optionally from a given peer address,
 * or to another of its issuers' origins (`authority`, default AUTH).
 */
export async function postForm(
  server: AuthServer,
  path: string,
  fields: Record<string, string | undefined>,
  {
    headers = {},
    ip,
    authority = AUTH,
  }: { headers?: Record<string, string>; ip?: string; authority?: string } = {},
): Promise<Response> {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    if (value !== undefined) body.set(name, value);
  }
  return server.app.request(
    `${authority}${path}`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: body.toString(),
    },
    // What @hono/node-server passes: the socket, for the client's address.
    ip === undefined ? undefined : { incoming: { socket: { remoteAddress: ip } } },
  );
}

/** The native app's loopback redirect, on the port it happened to get (RFC 8252 §7.3). */
export const NATIVE_CALLBACK = 'http://127.0.0.1:51234/callback';
export const NATIVE_SCOPE = 'openid profile email offline_access read:profile';

export interface TokenSet {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  token_type: string;
  expires_in: number;
  scope: string;
}

/** The native app signs in (code + PKCE + offline_access on a loopback redirect) and exchanges the code. */
export async function signInNative(
  server: AuthServer,
  params: Record<string, string | undefined> = {},
  jar = new CookieJar(),
): Promise<TokenSet> {
  const callback = await signIn(server, jar, {
    client_id: NATIVE_CLIENT_ID,
    redirect_uri: NATIVE_CALLBACK,
    scope: NATIVE_SCOPE,
    device: 'Test laptop',
    ...params,
  });
  const code = callback.searchParams.get('code');
  if (!code) throw new Error(`No code in ${callback}`);
  const response = await exchangeCode(server, code, {
    client_id: params.client_id ?? NATIVE_CLIENT_ID,
    redirect_uri: params.redirect_uri ?? NATIVE_CALLBACK,
  });
  if (response.status !== 200) throw new Error(`Token exchange failed: ${await response.text()}`);
  return response.json();
}

export const refreshWith = (
  server: AuthServer,
  refreshToken: string,
  fields: Record<string, string | undefined> = {},
  options: { headers?: Record<string, string>; ip?: string } = {},
) =>
  postForm(
    server,
    '/oauth/token',
    {
      grant_type: 'refresh_token',
      client_id: NATIVE_CLIENT_ID,
      refresh_token: refreshToken,
      ...fields,
    },
    options,
  );

/** An access token for the management API, as the seeded m2m client gets one. */
export async function managementToken(server: AuthServer, scope?: string): Promise<string> {
  const response = await postForm(server, '/oauth/token', {
    grant_type: 'client_credentials',
    client_id: M2M_CLIENT_ID,
    client_secret: M2M_TEST_SECRET,
    audience: `${ISSUER}api/v2/`,
    scope,
  });
  if (response.status !== 200)
    throw new Error(`client_credentials failed: ${await response.text()}`);
  return (await response.json()).access_token;
}

/** Signs in on the server's own /login page (dashboard, device activation); returns its answer. */
export async function signInOnServer(
  server: AuthServer,
  jar: CookieJar,
  returnTo: string,
  user: { email: string; password: string } = ALICE,
): Promise<Response> {
  const page = await (
    await browse(server, jar, `/login?returnTo=${encodeURIComponent(returnTo)}`)
  ).text();
  return browse(
    server,
    jar,
    '/login',
    formPost({
      returnTo: hiddenField(page, 'returnTo'),
      csrf: hiddenField(page, 'csrf'),
      email: user.email,
      password: user.password,
    }),
  );
}

/** A signed-in user types the code on /activate and confirms (or cancels). */
export async function answerDeviceCode(
  server: AuthServer,
  jar: CookieJar,
  userCode: string,
  decision: 'accept' | 'deny' = 'accept',
): Promise<Response> {
  const entry = await (await browse(server, jar, '/activate')).text();
  const confirm = await (
    await browse(
      server,
      jar,
      '/activate',
      formPost({ csrf: hiddenField(entry, 'csrf'), user_code: userCode }),
    )
  ).text();
  return browse(
    server,
    jar,
    '/activate/confirm',
    formPost({
      csrf: hiddenField(confirm, 'csrf'),
      user_code: hiddenField(confirm, 'user_code'),
      decision,
    }),
  );
}

/** What a web_message page (http/pages/webMessagePage.ts) posts, and to which origin. */
export function postedMessage(html: string): {
  message: AuthorizationResponseMessage;
  targetOrigin: string;
} {
  const match = /var message = (.*);\n\s*var targetOrigin = (.*);/.exec(html);
  if (!match?.[1] || !match[2]) throw new Error(`No message in page: ${html.slice(0, 200)}`);
  return {
    message: JSON.parse(match[1]) as AuthorizationResponseMessage,
    targetOrigin: JSON.parse(match[2]) as string,
  };
}
