/**
 * Generates malformed requests for every endpoint of the authorization server, from a seed.
 *
 * Each request starts from a *valid* template (real client ids, codes, cookies, tokens taken from
 * a live sign-in, so the request reaches deep into the handler) and then gets one to three
 * mutations: a parameter missing, repeated, oversized, wrongly typed or wrongly encoded, a broken
 * body or content type, a bad Authorization or Cookie header, another method or a mangled path.
 * The same seed gives the same sequence of templates and mutations; only the server-issued
 * values (codes, tokens) differ between runs.
 */

import { createDpopKey, signDpopProof } from '../../../dpop/testSupport/dpopProofs.ts';
import { SEEDED_USERS } from '../../../protocol/defaults.ts';

/** A uniform random number in [0, 1), from a seed: mulberry32. */
export type Random = () => number;

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const pick = <T>(random: Random, items: readonly T[]): T => {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
};

const between = (random: Random, min: number, max: number) =>
  min + Math.floor(random() * (max - min + 1));

/** Real values from a live server, so templates get past the first checks. */
export interface FuzzContext {
  /** e.g. http://localhost:4400 */
  origin: string;
  spaClientId: string;
  spaCallback: string;
  spaOrigin: string;
  nativeClientId: string;
  nativeCallback: string;
  webClientId: string;
  webClientSecret: string;
  m2mClientId: string;
  m2mClientSecret: string;
  apiAudience: string;
  managementAudience: string;
  codeVerifier: string;
  codeChallenge: string;
  /** Cookie header of a signed-in browser (session cookie). */
  sessionCookie: string;
  /** A pending interaction (login page) and the cookies of the browser that started it. */
  interaction: { id: string; csrf: string; cookie: string };
  /** The account login form's double-submit token and cookie. */
  loginCsrf: { csrf: string; cookie: string };
  /** CSRF token bound to the signed-in session (activate, dashboard). */
  sessionCsrf: string;
  userId: string;
  code: string;
  accessToken: string;
  idToken: string;
  refreshToken: string;
  managementToken: string;
  deviceCode: string;
  userCode: string;
  deviceCredentialId: string;
}

export interface MalformedRequest {
  /** The endpoint template it came from, e.g. `POST /oauth/token (authorization_code)`. */
  endpoint: string;
  /** What was done to it, for the failure report. */
  mutations: string[];
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** The client the request names, when there is exactly one (for redirect checks). */
  clientId?: string;
}

type Params = [string, string][];
type BodyKind = 'query' | 'form' | 'json' | 'none';

export interface Template {
  endpoint: string;
  method: string;
  path: string;
  params: Params;
  /** Where the parameters travel. */
  kind: BodyKind;
  headers: Record<string, string>;
  /** JSON members that are not strings (the control API's numbers and objects). */
  typed?: Record<string, unknown>;
}

/** An HTML-looking marker: it must never come back unescaped in a page. */
export const MARKUP_MARKER = '"\'><sal-x>';
export const MARKUP_MARKER_RAW = '<sal-x';

const form = { 'content-type': 'application/x-www-form-urlencoded' };
const json = { 'content-type': 'application/json' };
const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

/** Valid requests, one or more per route in src/server/routes (control aside: see the test). */
export function templates(ctx: FuzzContext): Template[] {
  const authorizeParams: Params = [
    ['client_id', ctx.spaClientId],
    ['redirect_uri', ctx.spaCallback],
    ['response_type', 'code'],
    ['scope', 'openid profile email read:profile'],
    ['audience', ctx.apiAudience],
    ['state', 'state-123'],
    ['nonce', 'nonce-456'],
    ['code_challenge', ctx.codeChallenge],
    ['code_challenge_method', 'S256'],
  ];
  const silent: Params = [...authorizeParams, ['prompt', 'none'], ['response_mode', 'web_message']];
  const cookie = { cookie: ctx.sessionCookie };
  const tokenCases: [string, Params, Record<string, string>][] = [
    [
      'authorization_code',
      [
        ['grant_type', 'authorization_code'],
        ['client_id', ctx.spaClientId],
        ['code', ctx.code],
        ['redirect_uri', ctx.spaCallback],
        ['code_verifier', ctx.codeVerifier],
      ],
      { origin: ctx.spaOrigin },
    ],
    [
      'refresh_token',
      [
        ['grant_type', 'refresh_token'],
        ['client_id', ctx.nativeClientId],
        ['refresh_token', ctx.refreshToken],
        ['scope', 'openid profile'],
      ],
      {},
    ],
    [
      'client_credentials',
      [
        ['grant_type', 'client_credentials'],
        ['audience', ctx.managementAudience],
        ['scope', 'read:device_credentials'],
      ],
      { authorization: basic(ctx.m2mClientId, ctx.m2mClientSecret) },
    ],
    [
      'password',
      [
        ['grant_type', 'password'],
        ['client_id', ctx.webClientId],
        ['client_secret', ctx.webClientSecret],
        ['username', SEEDED_USERS.alice.email],
        ['password', SEEDED_USERS.alice.password],
        ['scope', 'openid'],
      ],
      {},
    ],
    [
      'device_code',
      [
        ['grant_type', 'urn:ietf:params:oauth:grant-type:device_code'],
        ['client_id', ctx.nativeClientId],
        ['device_code', ctx.deviceCode],
      ],
      {},
    ],
  ];
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const user = encodeURIComponent(ctx.userId);
  return [
    t('GET /authorize', 'GET', '/authorize', authorizeParams, 'query', cookie),
    t('GET /authorize (prompt=none)', 'GET', '/authorize', silent, 'query', {
      ...cookie,
      'sec-fetch-dest': 'iframe',
    }),
    t('POST /authorize', 'POST', '/authorize', authorizeParams, 'form', { ...cookie, ...form }),
    t('POST /authorize (json)', 'POST', '/authorize', silent, 'json', { ...cookie, ...json }),
    t(
      'GET /authorize/resume',
      'GET',
      '/authorize/resume',
      [['state', ctx.interaction.id]],
      'query',
      { cookie: ctx.interaction.cookie },
    ),
    t('GET /u/login', 'GET', '/u/login', [['state', ctx.interaction.id]], 'query', {
      cookie: ctx.interaction.cookie,
    }),
    t(
      'POST /u/login',
      'POST',
      '/u/login',
      [
        ['state', ctx.interaction.id],
        ['csrf', ctx.interaction.csrf],
        ['email', SEEDED_USERS.alice.email],
        ['password', 'not-her-password'],
      ],
      'form',
      { cookie: ctx.interaction.cookie, ...form },
    ),
    t('GET /u/consent', 'GET', '/u/consent', [['state', ctx.interaction.id]], 'query', {
      cookie: `${ctx.interaction.cookie}; ${ctx.sessionCookie}`,
    }),
    t(
      'POST /u/consent',
      'POST',
      '/u/consent',
      [
        ['state', ctx.interaction.id],
        ['csrf', ctx.interaction.csrf],
        ['decision', 'deny'],
      ],
      'form',
      { cookie: `${ctx.interaction.cookie}; ${ctx.sessionCookie}`, ...form },
    ),
    ...tokenCases.map(([grant, params, headers]) =>
      t(`POST /oauth/token (${grant})`, 'POST', '/oauth/token', params, 'form', {
        ...form,
        ...headers,
      }),
    ),
    t('POST /oauth/token (json)', 'POST', '/oauth/token', tokenCases[0]?.[1] ?? [], 'json', json),
    t(
      'POST /oauth/revoke',
      'POST',
      '/oauth/revoke',
      [
        ['token', ctx.refreshToken],
        ['token_type_hint', 'refresh_token'],
        ['client_id', ctx.nativeClientId],
      ],
      'form',
      form,
    ),
    t(
      'POST /oauth/device/code',
      'POST',
      '/oauth/device/code',
      [
        ['client_id', ctx.nativeClientId],
        ['scope', 'openid offline_access'],
        ['audience', ctx.apiAudience],
      ],
      'form',
      form,
    ),
    t('GET /userinfo', 'GET', '/userinfo', [], 'none', bearer(ctx.accessToken)),
    t('POST /userinfo', 'POST', '/userinfo', [], 'none', {
      ...bearer(ctx.accessToken),
      origin: ctx.spaOrigin,
    }),
    t(
      'GET /v2/logout',
      'GET',
      '/v2/logout',
      [
        ['client_id', ctx.spaClientId],
        ['returnTo', `${ctx.spaOrigin}/`],
      ],
      'query',
      cookie,
    ),
    t(
      'GET /oidc/logout',
      'GET',
      '/oidc/logout',
      [
        ['id_token_hint', ctx.idToken],
        ['post_logout_redirect_uri', `${ctx.spaOrigin}/`],
        ['state', 'bye'],
      ],
      'query',
      cookie,
    ),
    t(
      'POST /oidc/logout',
      'POST',
      '/oidc/logout',
      [
        ['client_id', ctx.spaClientId],
        ['post_logout_redirect_uri', `${ctx.spaOrigin}/`],
      ],
      'form',
      { ...cookie, ...form },
    ),
    t('GET /cookie-probe', 'GET', '/cookie-probe', [['origin', ctx.spaOrigin]], 'query', {}),
    t(
      'GET /cookie-probe/check',
      'GET',
      '/cookie-probe/check',
      [['origin', ctx.spaOrigin]],
      'query',
      { cookie: 'sal_probe=1' },
    ),
    t('GET /login', 'GET', '/login', [['returnTo', '/dashboard']], 'query', {
      cookie: ctx.loginCsrf.cookie,
    }),
    t(
      'POST /login',
      'POST',
      '/login',
      [
        ['returnTo', '/activate'],
        ['csrf', ctx.loginCsrf.csrf],
        ['email', SEEDED_USERS.bob.email],
        ['password', 'wrong'],
      ],
      'form',
      { cookie: ctx.loginCsrf.cookie, ...form },
    ),
    t('GET /activate', 'GET', '/activate', [['user_code', ctx.userCode]], 'query', cookie),
    t(
      'POST /activate',
      'POST',
      '/activate',
      [
        ['csrf', ctx.sessionCsrf],
        ['user_code', ctx.userCode],
      ],
      'form',
      { ...cookie, ...form },
    ),
    t(
      'POST /activate/confirm',
      'POST',
      '/activate/confirm',
      [
        ['csrf', ctx.sessionCsrf],
        ['user_code', ctx.userCode],
        ['decision', 'deny'],
      ],
      'form',
      { ...cookie, ...form },
    ),
    t('GET /dashboard', 'GET', '/dashboard', [], 'query', cookie),
    t('GET /dashboard/users', 'GET', '/dashboard/users', [], 'query', cookie),
    t('GET /dashboard/users/:userId', 'GET', `/dashboard/users/${user}`, [], 'query', cookie),
    t(
      'GET /dashboard/users/:userId/devices',
      'GET',
      `/dashboard/users/${user}/devices`,
      [['revoked', '1']],
      'query',
      cookie,
    ),
    t(
      'GET /dashboard/users/:userId/devices/:id/revoke',
      'GET',
      `/dashboard/users/${user}/devices/${encodeURIComponent(ctx.deviceCredentialId)}/revoke`,
      [],
      'query',
      cookie,
    ),
    t(
      'POST /dashboard/users/:userId/devices/:id/revoke',
      'POST',
      `/dashboard/users/${user}/devices/${encodeURIComponent(ctx.deviceCredentialId)}/revoke`,
      [['csrf', ctx.sessionCsrf]],
      'form',
      { ...cookie, ...form },
    ),
    t(
      'GET /api/v2/device-credentials',
      'GET',
      '/api/v2/device-credentials',
      [
        ['user_id', ctx.userId],
        ['type', 'refresh_token'],
      ],
      'query',
      bearer(ctx.managementToken),
    ),
    t(
      'DELETE /api/v2/device-credentials/:id',
      'DELETE',
      `/api/v2/device-credentials/${encodeURIComponent(ctx.deviceCredentialId)}`,
      [],
      'none',
      bearer(ctx.managementToken),
    ),
    t(
      'POST /delegation',
      'POST',
      '/delegation',
      [
        ['grant_type', 'urn:ietf:params:oauth:grant-type:jwt-bearer'],
        ['client_id', ctx.nativeClientId],
        ['refresh_token', ctx.refreshToken],
        ['api_type', 'app'],
        ['scope', 'openid'],
      ],
      'form',
      form,
    ),
    t(
      'GET /.well-known/openid-configuration',
      'GET',
      '/.well-known/openid-configuration',
      [],
      'none',
      {},
    ),
    t('GET /.well-known/jwks.json', 'GET', '/.well-known/jwks.json', [], 'none', {}),
  ];
}

/**
 * The control API (/__control, test runners only). Fuzzed on a server of its own: a reset or a
 * tiny lifetime there would pull the rug from under the other templates.
 */
export function controlTemplates(): Template[] {
  return [
    t('GET /__control/health', 'GET', '/__control/health', [], 'none', {}),
    t('POST /__control/reset', 'POST', '/__control/reset', [], 'none', {}),
    t('POST /__control/lifetimes', 'POST', '/__control/lifetimes', [], 'json', json, {
      accessTokenSeconds: 60,
      codeSeconds: 30,
    }),
    t('POST /__control/sessions/end', 'POST', '/__control/sessions/end', [], 'json', json, {
      userId: 'auth0|alice',
    }),
    t('POST /__control/rate-limits', 'POST', '/__control/rate-limits', [], 'json', json, {
      refreshToken: { limit: 30, windowSeconds: 60 },
      client: null,
    }),
    t(
      'GET /__control/refresh-tokens',
      'GET',
      '/__control/refresh-tokens',
      [['userId', 'auth0|alice']],
      'query',
      {},
    ),
    t(
      'POST /__control/refresh-tokens/revoke',
      'POST',
      '/__control/refresh-tokens/revoke',
      [],
      'json',
      json,
      { userId: 'auth0|alice', device: 'Test laptop' },
    ),
  ];
}

/**
 * A request to a route with nothing known about it but its method and path (`:name` segments
 * get a plausible value): GET without parameters, anything else with an empty JSON object.
 */
export function bareTemplate(method: string, routePath: string): Template {
  const path = routePath.replace(/:(\w+)/g, (_, name: string) =>
    encodeURIComponent(name.toLowerCase().includes('user') ? 'auth0|alice' : 'silent-auth-lab-spa'),
  );
  return method === 'GET'
    ? t(`${method} ${routePath}`, method, path, [], 'none', {})
    : t(`${method} ${routePath}`, method, path, [], 'json', json, {});
}

function t(
  endpoint: string,
  method: string,
  path: string,
  params: Params,
  kind: BodyKind,
  headers: Record<string, string>,
  typed?: Record<string, unknown>,
): Template {
  return {
    endpoint,
    method,
    path,
    params: params.map(([n, v]) => [n, v]),
    kind,
    headers,
    ...(typed ? { typed } : {}),
  };
}

/** Values that are wrong in interesting ways; each must stay a valid JS string. */
const STRANGE_VALUES = [
  '',
  ' ',
  '\t\n',
  '\u0000',
  'null',
  'undefined',
  'NaN',
  '-1',
  '1e309',
  '0x10',
  '[]',
  '{}',
  'true',
  '%',
  '%zz',
  '%C3%28',
  '%uD800',
  '\uD800',
  '\uFFFF',
  'é',
  '\u202E',
  '\u2028',
  'a\r\nSet-Cookie: x=1',
  '../../etc/passwd',
  '//evil.example/cb',
  'http://evil.example/callback',
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  '<script>alert(1)</script>',
  MARKUP_MARKER,
  'openid openid openid',
  'code id_token token none',
  'none login consent',
  'S512',
  'plain',
  'Bearer',
  'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
  'eyJhbGciOiJSUzI1NiJ9.e30.c2ln',
  'a.b.c.d.e',
];

/** Parameter names worth adding: duplicates of real ones, prototype names, look-alikes. */
const EXTRA_NAMES = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'client_id ',
  'CLIENT_ID',
  'client_id[]',
  'scope[0]',
  'request',
  'request_uri',
  'claims',
  'max_age',
  'id_token_hint',
  'login_hint',
  'prompt',
  'response_mode',
  'resource',
  'redirect_uri',
  'audience',
  'organization',
  'connection',
  'auth0Client',
];

const OTHER_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'];

const BAD_AUTHORIZATION = [
  'Basic',
  'Basic ',
  'Basic !!!!',
  'Basic ====',
  `Basic ${Buffer.from('no-colon').toString('base64')}`,
  `Basic ${Buffer.from('%zz:%zz').toString('base64')}`,
  `Basic ${Buffer.from(':').toString('base64')}`,
  `Basic ${Buffer.from('\u00ff\u00fe:\u0000').toString('base64')}`,
  `Basic ${Buffer.from('silent-auth-lab-spa:secret').toString('base64')}`,
  `Basic ${Buffer.from('silent-auth-lab-m2m:wrong').toString('base64')}`,
  'Bearer',
  'Bearer ',
  'Bearer a b',
  'Bearer ....',
  'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
  `Bearer ${'A'.repeat(20_000)}`,
  'Basic a, Bearer b',
  'Digest username="x"',
  'DPoP abc',
  'bearer\tabc',
  'Bearer \u00e9\u00ff',
  'Negotiate',
];

const BAD_COOKIES = [
  'sal_session=%zz',
  'sal_session=',
  'sal_session="unterminated',
  `sal_session=${'x'.repeat(8_000)}`,
  'sal_session=a; sal_session=b',
  ';;;',
  '=',
  'sal_ix_=x',
  'sal_ix_%zz=1',
  'sal_login_csrf=%E0%A4%A',
  'sal_probe=\u00ff',
  '__proto__=1; constructor=2',
];

const BAD_JSON = [
  '{',
  '{"a":',
  '[]',
  'null',
  '"string"',
  '42',
  'true',
  '{"client_id": }',
  "{'client_id': 'x'}",
  '{"client_id":"x",}',
  '\uFEFF{}',
  '{"__proto__": {"polluted": "yes"}, "client_id": "x"}',
  '{"constructor": {"prototype": {"polluted": "yes"}}}',
  `${'['.repeat(5_000)}${']'.repeat(5_000)}`,
  `{"a":${'{"a":'.repeat(2_000)}1${'}'.repeat(2_001)}`,
  '{"client_id":"\\ud800"}',
  '{"client_id":"a\\u0000b"}',
];

const CONTENT_TYPES = [
  '',
  'text/plain',
  'application/json',
  'application/x-www-form-urlencoded',
  'application/x-www-form-urlencoded; charset=utf-16',
  'application/json; charset=latin1',
  'APPLICATION/JSON',
  'multipart/form-data; boundary=xyz',
  'application/xml',
  'application/x-www-form-urlencoded, application/json',
  ';',
  'application/jsonx',
];

type Mutation = (random: Random, request: Draft) => string;

/** A request being built: parameters still as a list, so mutations can reorder and repeat. */
interface Draft {
  template: Template;
  method: string;
  path: string;
  params: Params;
  kind: BodyKind;
  headers: Record<string, string>;
  /** Set by mutations that write the body or query themselves. */
  rawBody?: string;
  rawQuery?: string;
  /** JSON values that are not strings (wrongly typed). */
  typed?: Record<string, unknown>;
  /** A DPoP header made once the request's URL and the server's time are known. */
  dpopProof?: (htu: string, now: number) => string;
}

/** The key the fuzz signs DPoP proofs with; its proofs are otherwise valid unless broken on purpose. */
const fuzzDpopKey = createDpopKey('ES256');
// One proof sent again and again: every use after the first is a replay.
let replayedProof: string | undefined;

/** DPoP headers that are wrong in the ways RFC 9449 §4.3 checks (plus garbage and size). */
const DPOP_PROOFS: [string, (htu: string, now: number) => string][] = [
  ['garbage', () => 'not-a-proof'],
  ['huge', () => `${'A'.repeat(30_000)}.${'B'.repeat(30_000)}.C`],
  [
    'typ JWT',
    (htu, now) => signDpopProof(fuzzDpopKey, { htu, nowMs: now, header: { typ: 'JWT' } }),
  ],
  [
    'alg none',
    (htu, now) =>
      `${signDpopProof(fuzzDpopKey, { htu, nowMs: now, header: { alg: 'none' } })
        .split('.')
        .slice(0, 2)
        .join('.')}.`,
  ],
  [
    'alg HS256',
    (htu, now) => signDpopProof(fuzzDpopKey, { htu, nowMs: now, header: { alg: 'HS256' } }),
  ],
  [
    'private jwk',
    (htu, now) =>
      signDpopProof(fuzzDpopKey, {
        htu,
        nowMs: now,
        header: { jwk: fuzzDpopKey.privateKey.export({ format: 'jwk' }) },
      }),
  ],
  [
    'bad signature',
    (htu, now) => signDpopProof(fuzzDpopKey, { htu, nowMs: now, signature: 'AAAA' }),
  ],
  ['skewed iat', (htu, now) => signDpopProof(fuzzDpopKey, { htu, nowMs: now - 86_400_000 })],
  [
    'wrong htu',
    (_htu, now) => signDpopProof(fuzzDpopKey, { htu: 'http://evil.example/x', nowMs: now }),
  ],
  ['wrong htm', (htu, now) => signDpopProof(fuzzDpopKey, { htu, nowMs: now, htm: 'PATCH' })],
  [
    'replayed jti',
    (htu, now) => {
      replayedProof ??= signDpopProof(fuzzDpopKey, { htu, nowMs: now, jti: 'fuzz-replayed' });
      return replayedProof;
    },
  ],
  ['fresh', (htu, now) => signDpopProof(fuzzDpopKey, { htu, nowMs: now })],
];

const MUTATIONS: Record<string, Mutation> = {
  missing(random, d) {
    if (d.params.length === 0) return 'missing (none to drop)';
    const index = between(random, 0, d.params.length - 1);
    const [[name] = ['?']] = d.params.splice(index, 1);
    return `missing ${name}`;
  },
  duplicated(random, d) {
    if (d.params.length === 0) return 'duplicated (none)';
    const [name, value] = pick(random, d.params);
    const other = random() < 0.5 ? value : pick(random, STRANGE_VALUES);
    d.params.push([name, other]);
    return `duplicated ${name}`;
  },
  oversized(random, d) {
    const size = pick(random, [4_096, 20_000, 70_000, 200_000]);
    const filler = pick(random, ['a', '%', 'é', ' ', '+', '<']).repeat(size);
    if (d.params.length > 0 && random() < 0.7) {
      const index = between(random, 0, d.params.length - 1);
      const entry = d.params[index];
      if (entry) entry[1] = filler;
      return `oversized ${entry?.[0]} (${size})`;
    }
    d.params.push([`x${size}`, filler]);
    return `oversized extra (${size})`;
  },
  wrongType(random, d) {
    const names = [...d.params.map(([n]) => n), ...Object.keys(d.typed ?? {})];
    const name = names.length > 0 ? pick(random, names) : 'client_id';
    const value = pick(random, [
      0,
      -1,
      1.5,
      true,
      false,
      null,
      [],
      ['a', 'b'],
      {},
      { nested: { deeper: 'x' } },
      [[['x']]],
    ]);
    d.typed = { ...d.typed, [name]: value };
    if (d.kind !== 'json') {
      d.kind = 'json';
      d.headers['content-type'] = 'application/json';
    }
    return `wrong type ${name}=${JSON.stringify(value)}`;
  },
  strangeValue(random, d) {
    const value = pick(random, STRANGE_VALUES);
    if (d.params.length > 0 && random() < 0.8) {
      const entry = pick(random, d.params);
      entry[1] = random() < 0.3 ? `${entry[1]}${value}` : value;
      return `strange ${entry[0]}=${JSON.stringify(value)}`;
    }
    const name = pick(random, EXTRA_NAMES);
    d.params.push([name, value]);
    return `extra ${name}=${JSON.stringify(value)}`;
  },
  markup(random, d) {
    // Error pages quote parameters back ("Unknown client: …"): the quote must be escaped.
    if (d.params.length === 0) {
      d.params.push(['client_id', MARKUP_MARKER]);
      return 'markup in client_id';
    }
    const entry = pick(random, d.params);
    entry[1] = random() < 0.5 ? MARKUP_MARKER : `${entry[1]}${MARKUP_MARKER}`;
    return `markup in ${entry[0]}`;
  },
  hostileTarget(random, d) {
    // Near misses of a registered URL: each must be refused, never redirected to.
    const names = ['redirect_uri', 'returnTo', 'post_logout_redirect_uri', 'origin'];
    const entry = d.params.find(([name]) => names.includes(name));
    const registered = entry?.[1] ?? 'http://localhost:5173/callback';
    const value = pick(random, [
      'http://evil.example/callback',
      `${registered}.evil.example`,
      `${registered}/../x`,
      `${registered}?extra=1`,
      `${registered}#fragment`,
      `${registered}%2F..`,
      registered.toUpperCase(),
      registered.replace('localhost', '127.0.0.1'),
      registered.replace('http:', 'https:'),
      registered.replace(/\/\/([^/]+)/, '//$1@evil.example'),
      registered.replace(/\/\/([^/]+)/, '//evil.example#@$1'),
      `${registered} `,
      '//evil.example/',
      '/\\evil.example/',
      'http://127.0.0.1:9999/callback',
      'http://[::1]:9999/callback',
      'com.silentauthlab.native:/callback/../x',
    ]);
    if (entry) entry[1] = value;
    else d.params.push(['redirect_uri', value]);
    return `hostile target ${value}`;
  },
  wronglyEncoded(random, d) {
    // Raw percent sequences, written into the query or body without encoding them again.
    const bad = pick(random, ['%', '%zz', '%C3%28', '%C0%AF', '%ED%A0%80', '%00', '%FF%FE', '+%2']);
    const entries = d.params.map((entry) => new URLSearchParams([entry]).toString());
    const index = between(random, 0, entries.length);
    entries.splice(index, 0, random() < 0.5 ? `${bad}=${bad}` : `client_id=${bad}`);
    const raw = entries.join(pick(random, ['&', '&&', ';', '&=&']));
    if (d.kind === 'query' || d.kind === 'none') d.rawQuery = raw;
    else {
      d.rawBody = raw;
      d.headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    return `wrongly encoded ${bad}`;
  },
  badJson(random, d) {
    d.rawBody = pick(random, BAD_JSON);
    d.headers['content-type'] = 'application/json';
    if (d.method === 'GET') d.method = 'POST';
    return `bad json ${JSON.stringify(d.rawBody.slice(0, 30))}`;
  },
  contentType(random, d) {
    const type = pick(random, CONTENT_TYPES);
    if (type === '') delete d.headers['content-type'];
    else d.headers['content-type'] = type;
    return `content-type ${JSON.stringify(type)}`;
  },
  authorization(random, d) {
    const value = pick(random, BAD_AUTHORIZATION);
    d.headers.authorization = value;
    return `authorization ${JSON.stringify(value.slice(0, 40))}`;
  },
  cookie(random, d) {
    const value = pick(random, BAD_COOKIES);
    d.headers.cookie = random() < 0.5 && d.headers.cookie ? `${d.headers.cookie}; ${value}` : value;
    return `cookie ${JSON.stringify(value.slice(0, 40))}`;
  },
  method(random, d) {
    d.method = pick(
      random,
      OTHER_METHODS.filter((m) => m !== d.method),
    );
    return `method ${d.method}`;
  },
  path(random, d) {
    const change = pick(random, [
      (p: string) => `${p}/`,
      (p: string) => `/${p}`,
      (p: string) => p.toUpperCase(),
      (p: string) => p.replace(/\/([^/]*)$/, '/%2e%2e/$1'),
      (p: string) => p.replace(/\/([^/]*)$/, '/%zz$1'),
      (p: string) => `${p}%00`,
      (p: string) => `${p};jsessionid=1`,
      (p: string) => p.replace(/\//g, '/%2F'),
    ]);
    const pathParams = d.path.match(/^\/(dashboard\/users|api\/v2\/device-credentials)\//);
    if (pathParams && random() < 0.6) {
      // Mangle the :userId / :id path parameter itself.
      const segment = pick(random, [
        '%zz',
        '%',
        '%E0%A4%A',
        '..',
        '%2e%2e%2f',
        'a'.repeat(5_000),
        encodeURIComponent(MARKUP_MARKER),
        '__proto__',
        '%00',
      ]);
      d.path = d.path.replace(/(\/(?:users|device-credentials)\/)[^/]+/, `$1${segment}`);
      return `path parameter ${JSON.stringify(segment.slice(0, 30))}`;
    }
    d.path = change(d.path);
    return `path ${d.path.slice(0, 60)}`;
  },
  dpop(random, d) {
    const [name, make] = pick(random, DPOP_PROOFS);
    d.dpopProof = make;
    return `dpop ${name}`;
  },
  headers(random, d) {
    const [name, value] = pick(random, [
      ['origin', 'null'],
      ['origin', 'http://evil.example'],
      ['origin', 'http://localhost:5173'],
      ['sec-fetch-dest', 'iframe'],
      ['sec-fetch-dest', 'document'],
      ['x-forwarded-for', '1.2.3.4, ::1, %zz'],
      ['x-forwarded-host', 'evil.example'],
      ['forwarded', 'for=unknown;host=evil.example'],
      ['auth0-client', 'not base64 !!'],
      ['accept', '*/*;q=abc'],
      ['content-length', '0'],
      ['transfer-encoding', 'chunked'],
      ['expect', '100-continue'],
    ] as const);
    d.headers[name] = value;
    return `header ${name}: ${value}`;
  },
};

const MUTATION_NAMES = Object.keys(MUTATIONS);

/** One malformed request: a random template, one to three random mutations. */
export function generateMalformedRequest(
  random: Random,
  ctx: FuzzTarget,
  all: readonly Template[],
): MalformedRequest {
  const template = pick(random, all);
  const draft: Draft = {
    template,
    method: template.method,
    path: template.path,
    params: template.params.map(([n, v]) => [n, v]),
    kind: template.kind,
    headers: { ...template.headers },
    ...(template.typed ? { typed: { ...template.typed } } : {}),
  };
  const mutations: string[] = [];
  const count = between(random, 1, 3);
  for (let i = 0; i < count; i++) {
    const name = pick(random, MUTATION_NAMES);
    const mutate = MUTATIONS[name];
    if (mutate) mutations.push(mutate(random, draft));
  }
  return build(draft, ctx, mutations);
}

/** Where the requests go, and the server's time (DPoP proofs carry it in `iat`). */
export type FuzzTarget = Pick<FuzzContext, 'origin'> & { now?: number };

function build(d: Draft, ctx: FuzzTarget, mutations: string[]): MalformedRequest {
  if (d.dpopProof) {
    d.headers.dpop = d.dpopProof(`${ctx.origin}${d.path}`, ctx.now ?? Date.now());
  }
  const encode = (params: Params) => new URLSearchParams(params).toString();
  let query = d.rawQuery;
  let body = d.rawBody;
  if (body === undefined) {
    if (d.kind === 'form') body = encode(d.params);
    if (d.kind === 'json') {
      const object: Record<string, unknown> = {};
      for (const [name, value] of d.params) {
        // A repeated name in JSON: the last one wins in JSON.parse; write it twice anyway.
        object[name] = value;
      }
      body = JSON.stringify({ ...object, ...d.typed });
      const repeated = d.params.find(([name], i) => d.params.findIndex(([n]) => n === name) !== i);
      if (repeated) body = body.replace(/^\{/, `{${JSON.stringify(repeated[0])}:"dup",`);
    }
  }
  if (query === undefined && d.kind === 'query' && d.params.length > 0) query = encode(d.params);
  const bodyless = d.method === 'GET' || d.method === 'HEAD';
  const headers = Object.fromEntries(
    Object.entries(d.headers).map(([name, value]) => [name, latin1(value)]),
  );
  const clientIds = d.params.filter(([name]) => name === 'client_id').map(([, value]) => value);
  return {
    endpoint: d.template.endpoint,
    mutations,
    method: d.method,
    url: `${ctx.origin}${d.path}${query ? `?${query}` : ''}`,
    headers,
    ...(bodyless || body === undefined ? {} : { body }),
    ...(clientIds.length === 1 && clientIds[0] ? { clientId: clientIds[0] } : {}),
  };
}

/** Header values must be ByteStrings without CR, LF or NUL; keep the rest as it is. */
const latin1 = (value: string) =>
  [...value]
    .map((char) => {
      const code = char.charCodeAt(0);
      if (char === '\r' || char === '\n' || code === 0) return ' ';
      return code > 0xff ? `%u${code.toString(16)}` : char;
    })
    .join('');
