/**
 * Hardening: thousands of generated malformed requests across every endpoint. Whatever comes
 * in, the server answers with a 4xx (or a success), never a 5xx or a crash; JSON errors are
 * OAuth errors with a registered code; pages echo no unescaped input; redirects and the URLs
 * in auto-submitting pages go only to registered redirect URIs.
 *
 * Bounded and deterministic: HARDENING_SEED picks the sequence (printed on failure),
 * HARDENING_COUNT its length. In-process through `app.request()`, plus a few hundred requests
 * over real loopback sockets for what only a socket can send (bad request lines, huge headers,
 * lying Content-Length).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  M2M_CLIENT_ID,
  M2M_TEST_SECRET,
  NATIVE_CLIENT_ID,
  REGULAR_WEB_CLIENT_ID,
  REGULAR_WEB_TEST_SECRET,
  SPA_CLIENT_ID,
} from '../../protocol/defaults.ts';
import { type ClientConfig, seedConfig } from '../config.ts';
import { type AuthServer, createAuthServer } from '../createAuthServer.ts';
import { createTestClock } from '../domain/clock.ts';
import { listenAuthServer, type RunningAuthServer } from '../listen.ts';
import {
  API_AUDIENCE,
  AUTH,
  authorizeUrl,
  browse,
  CALLBACK,
  CHALLENGE,
  CookieJar,
  hiddenField,
  ISSUER,
  managementToken,
  postForm,
  SPA_ORIGIN,
  signIn,
  signInForTokens,
  signInNative,
  testSigningKey,
  VERIFIER,
} from '../testSupport/testServer.ts';
import {
  bareTemplate,
  controlTemplates,
  type FuzzContext,
  generateMalformedRequest,
  MARKUP_MARKER_RAW,
  type MalformedRequest,
  seededRandom,
  type Template,
  templates,
} from './testSupport/malformedRequests.ts';

const SEED = Number(process.env.HARDENING_SEED ?? 20_260_601);
const COUNT = Number(process.env.HARDENING_COUNT ?? 10_000);
/** Fresh codes, interactions and tokens every so often: the fuzzing uses them up. */
const REFRESH_CONTEXT_EVERY = 250;

/**
 * RFC 6749 §4.1.2.1/§5.2, RFC 6750 §3.1, RFC 7009 §2.2.1, RFC 8628 §3.5, OIDC Core §3.1.2.6 —
 * the IANA "OAuth Extensions Error" registry's codes that this server can answer with — plus
 * Auth0's `too_many_requests` (HTTP 429), which the reference behaviour requires.
 */
const REGISTERED_ERRORS = new Set([
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'unsupported_response_type',
  'invalid_scope',
  'access_denied',
  'server_error',
  'temporarily_unavailable',
  'interaction_required',
  'login_required',
  'account_selection_required',
  'consent_required',
  'invalid_request_uri',
  'invalid_request_object',
  'request_not_supported',
  'request_uri_not_supported',
  'registration_not_supported',
  'invalid_token',
  'insufficient_scope',
  'unsupported_token_type',
  'authorization_pending',
  'slow_down',
  'expired_token',
  'invalid_target',
  'too_many_requests',
  // RFC 9449 §5, §8 (registered there)
  'invalid_dpop_proof',
  'use_dpop_nonce',
]);

/** Signs of an internal error leaking out: stack frames, file paths, error class names. */
const LEAKS = [
  /\n\s+at [^\n]+:\d+:\d+/,
  /node_modules/,
  /file:\/\//,
  /\/work\//,
  /\.tsx?:\d+/,
  /\b(TypeError|ReferenceError|RangeError|URIError|ZodError|SyntaxError|AggregateError)\b/,
  /\bundefined is not\b|\bcannot read propert/i,
];

interface Finding {
  index: number;
  request: MalformedRequest;
  status: number;
  problem: string;
  body: string;
}

/** Where a browser may be sent: this server, or a URL some client registered. */
function checkTarget(
  target: string,
  clients: readonly ClientConfig[],
  clientId: string | undefined,
): string | undefined {
  if (target.startsWith('/') && !target.startsWith('//') && !target.startsWith('/\\')) return;
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return `unparseable target ${target.slice(0, 80)}`;
  }
  if (url.origin === AUTH || url.origin === AUTH.replace('localhost', '127.0.0.1')) return;
  const base = target.split(/[?#]/)[0] ?? '';
  // Written out here rather than borrowed from the domain, so a bug there cannot hide.
  const loopbackAnyPort = base.replace(/^http:\/\/(127\.0\.0\.1|\[::1\]):\d+\//, 'http://$1/');
  const registeredFor = (client: ClientConfig) =>
    client.redirectUris.includes(base) ||
    client.postLogoutRedirectUris.includes(base) ||
    (client.type === 'native' && client.redirectUris.includes(loopbackAnyPort));
  const named = clientId === undefined ? undefined : clients.find((c) => c.clientId === clientId);
  if (named ? !registeredFor(named) : !clients.some(registeredFor)) {
    return `sends the browser to an unregistered URL ${target.slice(0, 120)}`;
  }
}

const unescapeHtml = (value: string) =>
  value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** What one answer did wrong, if anything. */
async function problemsOf(
  request: MalformedRequest,
  response: Response,
  clients: readonly ClientConfig[],
): Promise<{ problems: string[]; body: string }> {
  const problems: string[] = [];
  const { status } = response;
  const body = await response.text();
  const type = (response.headers.get('content-type') ?? '').toLowerCase();
  if (status >= 500) problems.push(`HTTP ${status}`);
  for (const leak of LEAKS) {
    if (leak.test(body)) problems.push(`body leaks internals (${leak})`);
  }
  const isPage = type.startsWith('text/html');
  if (request.method === 'HEAD') {
    if (body !== '') problems.push('HEAD answered with a body');
  } else if (type.startsWith('application/json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      problems.push('JSON content type with a body that is not JSON');
    }
    if (status >= 400 && parsed !== undefined)
      problems.push(...jsonErrorProblems(request, parsed, status));
  } else if (status >= 400 && !isPage) {
    problems.push(`error answered as ${type || 'no content type'}: ${body.slice(0, 60)}`);
  }
  if (isPage) {
    if (body.includes(MARKUP_MARKER_RAW) || /<script>alert/i.test(body)) {
      problems.push('page echoes unescaped input');
    }
    // Auto-submitting forms, script redirects and web_message targets must be registered too.
    const clientId = request.endpoint.includes('/authorize') ? request.clientId : undefined;
    for (const match of body.matchAll(/<form method="post" action="([^"]*)"/g)) {
      const problem = checkTarget(unescapeHtml(match[1] ?? ''), clients, clientId);
      if (problem) problems.push(`form_post ${problem}`);
    }
    for (const match of body.matchAll(/window\.location\.replace\(("(?:[^"\\]|\\.)*")\)/g)) {
      const problem = checkTarget(JSON.parse(match[1] ?? '""'), clients, clientId);
      if (problem) problems.push(`script redirect ${problem}`);
    }
    for (const match of body.matchAll(/var targetOrigin = ("(?:[^"\\]|\\.)*");/g)) {
      const origin = JSON.parse(match[1] ?? '""') as string;
      if (!clients.some((client) => client.webOrigins.includes(origin))) {
        problems.push(`web_message to an unregistered origin ${origin}`);
      }
    }
  }
  if (status >= 300 && status < 400) {
    const location = response.headers.get('location');
    if (!location) problems.push(`HTTP ${status} without Location`);
    else {
      const clientId =
        request.endpoint.includes('/authorize') || request.endpoint.includes('logout')
          ? request.clientId
          : undefined;
      const problem = checkTarget(location, clients, clientId);
      if (problem) problems.push(problem);
    }
  }
  return { problems, body };
}

function jsonErrorProblems(request: MalformedRequest, parsed: unknown, status: number): string[] {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return ['JSON error that is not an object'];
  }
  const body = parsed as Record<string, unknown>;
  // Auth0's management API shape: {statusCode, error (HTTP reason), message, errorCode}.
  if (new URL(request.url).pathname.startsWith('/api/v2/') && 'errorCode' in body) {
    const problems: string[] = [];
    if (body.statusCode !== status) problems.push('management error statusCode differs');
    if (typeof body.message !== 'string') problems.push('management error without message');
    if (typeof body.errorCode !== 'string' || !REGISTERED_ERRORS.has(body.errorCode)) {
      problems.push(`management errorCode ${JSON.stringify(body.errorCode)} is not registered`);
    }
    return problems;
  }
  const problems: string[] = [];
  if (typeof body.error !== 'string' || !REGISTERED_ERRORS.has(body.error)) {
    problems.push(`error ${JSON.stringify(body.error)} is not a registered OAuth error code`);
  }
  if ('error_description' in body && typeof body.error_description !== 'string') {
    problems.push('error_description is not a string');
  }
  return problems;
}

const toRequest = (request: MalformedRequest): RequestInit => ({
  method: request.method,
  headers: request.headers,
  ...(request.body === undefined ? {} : { body: request.body }),
});

/** Few enough that the fuzz's valid DPoP proofs fill the replay cache: it must stay bounded. */
const REPLAY_CACHE_ENTRIES = 16;

function newServer(): { server: AuthServer; unexpected: unknown[] } {
  const unexpected: unknown[] = [];
  const config = { ...seedConfig(), dpop: { replayCacheEntries: REPLAY_CACHE_ENTRIES } };
  const server = createAuthServer(config, {
    clock: createTestClock(),
    signingKey: testSigningKey,
    logger: { error: (...args: unknown[]) => unexpected.push(args) },
  });
  return { server, unexpected };
}

/** A live tenant's real values: a session, a pending login, codes, tokens, a device code. */
async function liveContext(server: AuthServer): Promise<FuzzContext> {
  const signedIn = new CookieJar();
  const callback = await signIn(server, signedIn);
  const code = callback.searchParams.get('code') ?? '';
  const tokens = await signInForTokens(server, new CookieJar());
  const native = await signInNative(server);
  const pending = new CookieJar();
  const login = await browse(server, pending, authorizeUrl({ state: 'fuzz' }));
  const loginPath = login.headers.get('location') ?? '';
  const loginPage = await (await browse(server, pending, loginPath)).text();
  const account = new CookieJar();
  const accountPage = await (await browse(server, account, '/login?returnTo=/dashboard')).text();
  const activatePage = await (await browse(server, signedIn, '/activate')).text();
  const device = await (
    await postForm(server, '/oauth/device/code', {
      client_id: NATIVE_CLIENT_ID,
      scope: 'openid offline_access',
    })
  ).json();
  const [credential] = server.control.listRefreshTokens({ clientId: NATIVE_CLIENT_ID });
  return {
    origin: AUTH,
    spaClientId: SPA_CLIENT_ID,
    spaCallback: CALLBACK,
    spaOrigin: SPA_ORIGIN,
    nativeClientId: NATIVE_CLIENT_ID,
    nativeCallback: 'http://127.0.0.1:51234/callback',
    webClientId: REGULAR_WEB_CLIENT_ID,
    webClientSecret: REGULAR_WEB_TEST_SECRET,
    m2mClientId: M2M_CLIENT_ID,
    m2mClientSecret: M2M_TEST_SECRET,
    apiAudience: API_AUDIENCE,
    managementAudience: `${ISSUER}api/v2/`,
    codeVerifier: VERIFIER,
    codeChallenge: CHALLENGE,
    sessionCookie: signedIn.header(),
    interaction: {
      id: hiddenField(loginPage, 'state'),
      csrf: hiddenField(loginPage, 'csrf'),
      cookie: pending.header(),
    },
    loginCsrf: { csrf: hiddenField(accountPage, 'csrf'), cookie: account.header() },
    sessionCsrf: hiddenField(activatePage, 'csrf'),
    userId: 'auth0|alice',
    code,
    accessToken: tokens.access_token,
    idToken: tokens.id_token ?? '',
    refreshToken: native.refresh_token ?? '',
    managementToken: await managementToken(server),
    deviceCode: device.device_code,
    userCode: device.user_code,
    deviceCredentialId: credential?.id ?? 'missing',
  };
}

function report(findings: Finding[], total: number): string {
  const lines = findings.slice(0, 15).map((f) => {
    const body = f.body.slice(0, 200).replace(/\s+/g, ' ');
    return `#${f.index} ${f.request.endpoint} [${f.request.mutations.join('; ')}] → ${f.request.method} ${f.request.url.slice(0, 160)}\n    HTTP ${f.status}: ${f.problem}\n    body: ${body}`;
  });
  return `${findings.length} of ${total} malformed requests were answered badly (HARDENING_SEED=${SEED} HARDENING_COUNT=${COUNT} reproduces):\n${lines.join('\n')}`;
}

/** One line per kind of problem and endpoint, with how often: short enough to read in a diff. */
function distinct(findings: Finding[]): string[] {
  const counts = new Map<string, number>();
  for (const f of findings) {
    const key = `${f.request.endpoint}: ${f.problem.replace(/\d{3,}/g, 'N').slice(0, 120)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, count]) => `${key} (×${count})`).sort();
}

/** Sends `count` requests generated from `random` over `pool`; collects what went wrong. */
async function fuzz(options: {
  server: AuthServer;
  unexpected: unknown[];
  count: number;
  random: () => number;
  pool: () => Promise<readonly Template[]>;
  refreshEvery: number;
  hits: Map<string, number>;
}): Promise<Finding[]> {
  const findings: Finding[] = [];
  const clients = options.server.config.clients;
  let pool = await options.pool();
  const clock = await (await options.server.app.request(`${AUTH}/__control/clock`)).json();
  const target = { origin: AUTH, now: Date.parse(clock.clock.now) };
  for (let index = 0; index < options.count; index++) {
    if (index > 0 && index % options.refreshEvery === 0) pool = await options.pool();
    const request = generateMalformedRequest(options.random, target, pool);
    options.hits.set(request.endpoint, (options.hits.get(request.endpoint) ?? 0) + 1);
    const logged = options.unexpected.length;
    let response: Response;
    try {
      response = await options.server.app.request(request.url, toRequest(request));
    } catch (error) {
      findings.push({ index, request, status: 0, problem: `threw ${error}`, body: '' });
      continue;
    }
    const { problems, body } = await problemsOf(request, response, clients);
    if (options.unexpected.length > logged) problems.push('the server logged an unexpected error');
    for (const problem of problems) {
      findings.push({ index, request, status: response.status, problem, body });
    }
  }
  return findings;
}

/** `METHOD /path` of every route that src/server/routes declares (app.get, app.post, app.on …). */
function declaredRoutes(): string[] {
  const routesDir = resolve(import.meta.dirname, '../routes');
  const declared = new Set<string>();
  for (const file of readdirSync(routesDir)) {
    if (!file.endsWith('.ts') || file.endsWith('.test.ts')) continue;
    const source = readFileSync(resolve(routesDir, file), 'utf8')
      .replace(/\$\{COOKIE_PROBE_PATH\}/g, '/cookie-probe')
      .replace(/\bCOOKIE_PROBE_PATH\b/g, "'/cookie-probe'");
    for (const match of source.matchAll(/app\.(get|post|delete|put|patch)\(\s*['`]([^'`]+)['`]/g)) {
      declared.add(`${match[1]?.toUpperCase()} ${match[2]}`);
    }
    for (const match of source.matchAll(/app\.on\(\s*\[([^\]]+)\],\s*['`]([^'`]+)['`]/g)) {
      for (const method of (match[1] ?? '').matchAll(/'(\w+)'/g)) {
        declared.add(`${method[1]} ${match[2]}`);
      }
    }
  }
  return [...declared];
}

/**
 * The control API's templates: the written ones, plus a bare one for each control route added
 * since (the control API grows often; every route of it is fuzzed all the same).
 */
function controlPool(): Template[] {
  const written = controlTemplates();
  const known = new Set(written.map((t) => t.endpoint));
  const added = declaredRoutes()
    .filter((route) => route.includes(' /__control/') && !known.has(route))
    .map((route) => {
      const [method = 'GET', path = '/'] = route.split(' ');
      return bareTemplate(method, path);
    });
  return [...written, ...added];
}

describe(`malformed requests (seed ${SEED})`, () => {
  const hits = new Map<string, number>();

  it(`answers ${COUNT} generated malformed requests across every endpoint with well-formed OAuth errors`, async () => {
    const { server, unexpected } = newServer();
    const random = seededRandom(SEED);
    const findings = await fuzz({
      server,
      unexpected,
      count: COUNT,
      random,
      pool: async () => templates(await liveContext(server)),
      refreshEvery: REFRESH_CONTEXT_EVERY,
      hits,
    });
    expect(distinct(findings), report(findings, COUNT)).toEqual([]);
    // Every template was tried many times, not just once by luck.
    const names = templates(await liveContext(server)).map((t) => t.endpoint);
    const rare = names.filter((name) => (hits.get(name) ?? 0) < COUNT / names.length / 3);
    expect(rare, 'endpoints the generator hardly reached').toEqual([]);
    const { dpop } = await (await server.app.request(`${AUTH}/__control/dpop`)).json();
    expect(dpop.replayCacheSize).toBeGreaterThan(0);
    expect(dpop.replayCacheSize).toBeLessThanOrEqual(REPLAY_CACHE_ENTRIES);
  }, 90_000);

  it('answers malformed control API requests with JSON errors (a server of its own)', async () => {
    const { server, unexpected } = newServer();
    const count = Math.max(500, Math.round(COUNT / 15));
    const findings = await fuzz({
      server,
      unexpected,
      count,
      random: seededRandom(SEED ^ 0x5eed),
      pool: async () => controlPool(),
      refreshEvery: count,
      hits,
    });
    expect(distinct(findings), report(findings, count)).toEqual([]);
  }, 30_000);

  it('covers every endpoint that src/server/routes declares', () => {
    const declared = declaredRoutes();
    const covered = new Set(
      [...templates(fakeContext()), ...controlPool()].map((t) =>
        t.endpoint.replace(/ \(.*\)$/, ''),
      ),
    );
    expect(declared.length).toBeGreaterThan(30);
    expect(declared.filter((route) => !covered.has(route))).toEqual([]);
  });
});

/** Over real sockets: what app.request() cannot send. */
describe('malformed HTTP over loopback sockets', () => {
  let running: RunningAuthServer;
  let unexpected: unknown[];

  beforeAll(async () => {
    const started = newServer();
    unexpected = started.unexpected;
    running = await listenAuthServer(started.server, { port: 0, hostname: '127.0.0.1' });
  });
  afterAll(async () => {
    await running?.close();
  });

  /**
   * Writes raw bytes; resolves with the first answer's status and body (status 0: the server
   * closed the connection without one, which is a fine answer to garbage).
   */
  const raw = (payload: string | Buffer, { endEarly = false } = {}) =>
    new Promise<{ status: number; head: string; body: string }>((resolvePromise) => {
      const socket = connect(running.port, '127.0.0.1');
      let received = '';
      const done = () => {
        clearTimeout(timer);
        socket.destroy();
        const match = /^HTTP\/1\.[01] (\d{3})/.exec(received);
        const split = received.indexOf('\r\n\r\n');
        resolvePromise({
          status: match ? Number(match[1]) : 0,
          head: received.slice(0, split < 0 ? 400 : split),
          body: split < 0 ? '' : received.slice(split + 4),
        });
      };
      const timer = setTimeout(done, 3_000);
      socket.setEncoding('latin1');
      socket.on('data', (chunk) => {
        received += chunk;
        const split = received.indexOf('\r\n\r\n');
        if (split < 0) return;
        const length = /\r\ncontent-length: *(\d+)/i.exec(received.slice(0, split));
        const chunkedEnd = /\r\ntransfer-encoding: *chunked/i.test(received.slice(0, split))
          ? received.endsWith('0\r\n\r\n')
          : false;
        if ((length && received.length - split - 4 >= Number(length[1])) || chunkedEnd) done();
      });
      // The server may answer and close before it read everything we send: that is fine.
      socket.on('error', done);
      socket.on('close', done);
      socket.write(payload, () => {
        if (endEarly) socket.end();
      });
    });

  const post = (path: string, type: string, body: string) =>
    `POST ${path} HTTP/1.1\r\nHost: ${host()}\r\nContent-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;

  const host = () => `127.0.0.1:${running.port}`;
  const cases = (): [string, string | Buffer, { endEarly?: boolean }?][] => [
    ['garbage', 'HELLO\r\n\r\n'],
    ['binary', Buffer.from([0, 1, 2, 255, 254, 13, 10, 13, 10])],
    ['no version', 'GET /authorize\r\n\r\n'],
    ['bad version', `GET / HTTP/9.9\r\nHost: ${host()}\r\n\r\n`],
    ['HTTP/1.0 no Host', 'GET /.well-known/openid-configuration HTTP/1.0\r\n\r\n'],
    ['no Host', 'GET /authorize HTTP/1.1\r\n\r\n'],
    ['bad Host', 'GET /authorize?client_id=x HTTP/1.1\r\nHost: [::zz\r\n\r\n'],
    ['Host with path', 'GET /authorize HTTP/1.1\r\nHost: evil.example/x?y\r\n\r\n'],
    ['Host with userinfo', 'GET /userinfo HTTP/1.1\r\nHost: a@evil.example\r\n\r\n'],
    ['two Hosts', `GET /authorize HTTP/1.1\r\nHost: ${host()}\r\nHost: evil.example\r\n\r\n`],
    ['absolute-form', `GET http://evil.example/authorize HTTP/1.1\r\nHost: ${host()}\r\n\r\n`],
    ['asterisk-form', `OPTIONS * HTTP/1.1\r\nHost: ${host()}\r\n\r\n`],
    ['authority-form', `CONNECT ${host()} HTTP/1.1\r\nHost: ${host()}\r\n\r\n`],
    ['bad percent path', `GET /authorize/%zz%00 HTTP/1.1\r\nHost: ${host()}\r\n\r\n`],
    ['space in path', `GET /author ize HTTP/1.1\r\nHost: ${host()}\r\n\r\n`],
    ['unknown method', `BREW /oauth/token HTTP/1.1\r\nHost: ${host()}\r\n\r\n`],
    ['lowercase method', `get /authorize HTTP/1.1\r\nHost: ${host()}\r\n\r\n`],
    [
      'huge header',
      `GET /authorize HTTP/1.1\r\nHost: ${host()}\r\nX-Big: ${'a'.repeat(80_000)}\r\n\r\n`,
    ],
    [
      'huge cookie',
      `GET /authorize HTTP/1.1\r\nHost: ${host()}\r\nCookie: sal_session=${'b'.repeat(15_000)}\r\n\r\n`,
    ],
    [
      'many headers',
      `GET /userinfo HTTP/1.1\r\nHost: ${host()}\r\n${Array.from({ length: 3_000 }, (_, i) => `X-${i}: 1\r\n`).join('')}\r\n`,
    ],
    ['bad header name', `GET /userinfo HTTP/1.1\r\nHost: ${host()}\r\nBad Name: x\r\n\r\n`],
    ['header without colon', `GET /userinfo HTTP/1.1\r\nHost: ${host()}\r\nNoColon\r\n\r\n`],
    [
      'obs-fold',
      `GET /userinfo HTTP/1.1\r\nHost: ${host()}\r\nAuthorization: Bearer\r\n x\r\n\r\n`,
    ],
    ['bare LF', `GET /userinfo HTTP/1.1\nHost: ${host()}\n\n`],
    [
      'two Content-Lengths',
      `POST /oauth/token HTTP/1.1\r\nHost: ${host()}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\nContent-Length: 5\r\n\r\na=b`,
    ],
    [
      'negative Content-Length',
      `POST /oauth/token HTTP/1.1\r\nHost: ${host()}\r\nContent-Length: -1\r\n\r\n`,
    ],
    [
      'CL and TE',
      `POST /oauth/token HTTP/1.1\r\nHost: ${host()}\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
    ],
    [
      'bad chunk size',
      `POST /oauth/token HTTP/1.1\r\nHost: ${host()}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
    ],
    [
      'body shorter than Content-Length',
      `POST /oauth/token HTTP/1.1\r\nHost: ${host()}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\ngrant_type=`,
      { endEarly: true },
    ],
    [
      'huge declared body',
      `POST /oauth/token HTTP/1.1\r\nHost: ${host()}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 999999999\r\n\r\ngrant_type=x`,
    ],
    [
      'chunked body over the limit',
      `POST /oauth/token HTTP/1.1\r\nHost: ${host()}\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n${'ffff\r\n'}${'a'.repeat(0xffff)}\r\n${'ffff\r\n'}${'a'.repeat(0xffff)}\r\n0\r\n\r\n`,
    ],
    [
      'form body over the limit',
      `POST /u/login HTTP/1.1\r\nHost: ${host()}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 40000\r\n\r\n${'a'.repeat(40_000)}`,
    ],
    [
      'smuggled second request',
      `POST /oauth/revoke HTTP/1.1\r\nHost: ${host()}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 5\r\n\r\ntoken GET /__control/reset HTTP/1.1\r\nHost: ${host()}\r\n\r\n`,
    ],
    [
      'invalid UTF-8 in query',
      Buffer.concat([
        Buffer.from('GET /authorize?client_id='),
        Buffer.from([0xc3, 0x28, 0xff]),
        Buffer.from(` HTTP/1.1\r\nHost: ${host()}\r\n\r\n`),
      ]),
    ],
    ['cut off mid-headers', `GET /authorize HTTP/1.1\r\nHost: ${host()}\r\nX-`, { endEarly: true }],
  ];

  it('answers every one with a status below 500, or closes the connection, and keeps serving', async () => {
    const failures: string[] = [];
    for (const [name, payload, options] of cases()) {
      const { status, head } = await raw(payload, options);
      if (status >= 500) failures.push(`${name}: HTTP ${status}\n${head}`);
    }
    // Oversized bodies where the socket layer matters: answered (or closed), never a 5xx.
    for (const [path, type] of [
      ['/oauth/token', 'application/x-www-form-urlencoded'],
      ['/oauth/token', 'application/json'],
      ['/oauth/revoke', 'application/json'],
      ['/oauth/device/code', 'application/x-www-form-urlencoded'],
      ['/delegation', 'application/json'],
      ['/authorize', 'application/x-www-form-urlencoded'],
      ['/u/login', 'application/x-www-form-urlencoded'],
      ['/__control/lifetimes', 'application/json'],
    ] as const) {
      for (const size of [65_537, 1_000_000]) {
        const { status, head, body } = await raw(post(path, type, 'a'.repeat(size)));
        if (status >= 500) failures.push(`${path} ${size} bytes: HTTP ${status}`);
        if (status >= 400 && /content-type: application\/json/i.test(head)) {
          const error = JSON.parse(body).error;
          if (!REGISTERED_ERRORS.has(error)) {
            failures.push(`${path} ${size} bytes: error ${JSON.stringify(error)}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(unexpected).toEqual([]);
    const discovery = await fetch(
      `http://127.0.0.1:${running.port}/.well-known/openid-configuration`,
    );
    expect(discovery.status).toBe(200);
  }, 60_000);
});

/** Template shapes only (for the coverage check): no live values needed. */
function fakeContext(): FuzzContext {
  const x = 'x';
  return {
    origin: AUTH,
    spaClientId: x,
    spaCallback: x,
    spaOrigin: x,
    nativeClientId: x,
    nativeCallback: x,
    webClientId: x,
    webClientSecret: x,
    m2mClientId: x,
    m2mClientSecret: x,
    apiAudience: x,
    managementAudience: x,
    codeVerifier: x,
    codeChallenge: x,
    sessionCookie: x,
    interaction: { id: x, csrf: x, cookie: x },
    loginCsrf: { csrf: x, cookie: x },
    sessionCsrf: x,
    userId: x,
    code: x,
    accessToken: x,
    idToken: x,
    refreshToken: x,
    managementToken: x,
    deviceCode: x,
    userCode: x,
    deviceCredentialId: x,
  };
}
