import * as z from 'zod/mini';
import {
  apiAudienceFor,
  DEFAULT_PORTS,
  DEMO_API_SCOPES,
  issuerFor,
  M2M_CLIENT_ID,
  M2M_TEST_SECRET,
  MANAGEMENT_SCOPES,
  managementAudienceFor,
  NATIVE_CLIENT_ID,
  NATIVE_REDIRECT_URIS,
  originOf,
  REGULAR_WEB_CLIENT_ID,
  REGULAR_WEB_REDIRECT_URI,
  REGULAR_WEB_TEST_SECRET,
  SEEDED_USERS,
  SPA_CLIENT_ID,
  SPA_PATHS,
  THIRD_PARTY_SPA_CLIENT_ID,
  UNFRAMEABLE_SPA_CLIENT_ID,
} from '../protocol/defaults.ts';
import { GRANT_TYPES } from '../protocol/oauth.ts';

// zod/mini (a third of full zod's load time at start) has no messages until a locale is set;
// full zod sets English when it loads. One set already (by the test process's zod) is kept.
if (!z.config().localeError) z.config(z.locales.en());

/** Where `.data/signing-keys.json` lives unless the config says otherwise (relative to the cwd). */
export const DEFAULT_SIGNING_KEY_PATH = '.data/signing-keys.json';

export const CLIENT_TYPES = ['spa', 'native', 'regular_web', 'm2m'] as const;
export type ClientType = (typeof CLIENT_TYPES)[number];

/** Public clients cannot keep a secret (RFC 6749 §2.1); Auth0's SPA and native application types. */
export const isPublicClientType = (type: ClientType): boolean =>
  type === 'spa' || type === 'native';

/** Auth0's per-application "Grant Types" (`grant_types`), `implicit` included. */
/**
 * DPoP (RFC 9449) per client: `off` ignores proofs and issues bearer tokens; `allowed` binds
 * the tokens of a request that carries a proof; `required` refuses a token request without one.
 */
export const DPOP_POLICIES = ['off', 'allowed', 'required'] as const;
export type DpopPolicy = (typeof DPOP_POLICIES)[number];

export const CLIENT_GRANT_TYPES = [
  GRANT_TYPES.authorizationCode,
  'implicit',
  GRANT_TYPES.refreshToken,
  GRANT_TYPES.password,
  GRANT_TYPES.deviceCode,
  GRANT_TYPES.clientCredentials,
] as const;
export type ClientGrantType = (typeof CLIENT_GRANT_TYPES)[number];

/**
 * What a client of each type may do unless its config says otherwise. Like Auth0's defaults,
 * except that a SPA has no refresh_token grant (this lab's point) and password and device code
 * are off until turned on.
 */
export const DEFAULT_GRANT_TYPES: Record<ClientType, readonly ClientGrantType[]> = {
  spa: ['authorization_code', 'implicit'],
  native: ['authorization_code', 'refresh_token'],
  regular_web: ['authorization_code', 'refresh_token'],
  m2m: ['client_credentials'],
};

/** The management API's scopes (device credentials); its audience is `${issuer}api/v2/`. */
export const MANAGEMENT_API_SCOPES: readonly string[] = MANAGEMENT_SCOPES;

const parseUrl = (value: string): URL | undefined => {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
};

const FORBIDDEN_SCHEMES = new Set(['javascript:', 'data:', 'vbscript:', 'file:', 'blob:']);

// RFC 6749 §3.1.2: absolute, no fragment. Custom schemes stay possible for native apps.
const redirectUrl = z.string().check(
  z.refine(
    (value) => {
      const url = parseUrl(value);
      return url !== undefined && !FORBIDDEN_SCHEMES.has(url.protocol) && !value.includes('#');
    },
    { error: 'expected an absolute URL without a fragment (e.g. http://localhost:5173/callback)' },
  ),
);

const isHttpOrigin = (value: string): boolean => {
  const url = parseUrl(value);
  return (
    url !== undefined &&
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    url.origin === value.replace(/\/$/, '')
  );
};

const webOrigin = z.string().check(
  z.refine((value) => isHttpOrigin(value) && !value.endsWith('/'), {
    error:
      'expected an origin: scheme://host[:port], no path or trailing slash (e.g. http://localhost:5173)',
  }),
);

const issuer = z.pipe(
  z.string().check(
    z.refine(isHttpOrigin, {
      error: 'expected an issuer origin such as http://localhost:4400/ (no path)',
    }),
  ),
  z.transform(issuerFor),
);

const seconds = z
  .int({ error: 'expected a whole number of seconds' })
  .check(z.positive({ error: 'expected a positive number of seconds' }));

// RFC 6749 §3.3 scope-token: printable ASCII except space, `"` and `\`.
const scopeToken = z.string().check(
  z.regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/, {
    error: 'expected a scope token (printable ASCII, no spaces or quotes)',
  }),
);

/** One client, as in `clients` of the config and in the control API's bodies. */
export const clientConfigSchema = z.pipe(
  z
    .strictObject({
      clientId: z.string().check(z.minLength(1, { error: 'expected a non-empty client id' })),
      name: z.optional(z.string().check(z.minLength(1))),
      type: z._default(z.enum(CLIENT_TYPES), 'spa'),
      /** Required for regular_web and m2m clients, refused for spa and native ones. */
      clientSecret: z.optional(z.string().check(z.minLength(1))),
      redirectUris: z._default(z.array(redirectUrl), []),
      /** Origins allowed to call the token and userinfo endpoints (CORS) and to frame prompt=none. */
      webOrigins: z._default(z.array(webOrigin), []),
      postLogoutRedirectUris: z._default(z.array(redirectUrl), []),
      /** Third-party clients need the user's consent before they get a code (Auth0 `is_first_party: false`). */
      thirdParty: z._default(z.boolean(), false),
      /** May sign in through the browser's FedCM (`/fedcm/*`); its web origins are the FedCM callers. */
      fedcm: z._default(z.boolean(), true),
      /** Grants (and `implicit`) this client may use; defaults per type (DEFAULT_GRANT_TYPES). */
      grantTypes: z.optional(z.array(z.enum(CLIENT_GRANT_TYPES))),
      /** Refresh tokens never expire and are not rotated unless turned on here (Auth0 "Refresh Token Rotation/Expiration"). */
      refreshTokens: z.prefault(
        z.strictObject({
          /** Each use returns a new refresh token; presenting a used one revokes the whole family. */
          rotation: z._default(z.boolean(), false),
          /** Unused for this long, the refresh token expires. */
          idleSeconds: z.optional(seconds),
          /** This long after the sign-in, the refresh token expires whatever its use. */
          absoluteSeconds: z.optional(seconds),
        }),
        {},
      ),
      dpop: z._default(z.enum(DPOP_POLICIES), 'allowed'),
      /** client_credentials: the APIs (audiences) this client may get tokens for, and which scopes (Auth0 "client grants"). */
      apiGrants: z._default(
        z.array(
          z.strictObject({
            audience: z.string().check(z.minLength(1, { error: 'expected an API identifier' })),
            scopes: z._default(z.array(scopeToken), []),
          }),
        ),
        [],
      ),
    })
    .check(
      z.superRefine((client, ctx) => {
        const isPublic = isPublicClientType(client.type);
        for (const [index, grant] of (client.grantTypes ?? []).entries()) {
          if (grant === 'client_credentials' && isPublic) {
            ctx.addIssue({
              code: 'custom',
              path: ['grantTypes', index],
              message: `expected no client_credentials grant for a public ${client.type} client (it has no secret)`,
            });
          }
          if (grant !== 'client_credentials' && client.type === 'm2m') {
            ctx.addIssue({
              code: 'custom',
              path: ['grantTypes', index],
              message: `expected only client_credentials for an m2m client, got ${grant}`,
            });
          }
        }
        if (isPublic && client.clientSecret !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['clientSecret'],
            message: `expected no clientSecret for a public ${client.type} client`,
          });
        }
        if (!isPublic && client.clientSecret === undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['clientSecret'],
            message: `expected a clientSecret for a confidential ${client.type} client`,
          });
        }
      }),
    ),
  z.transform((client) => ({
    ...client,
    name: client.name ?? client.clientId,
    grantTypes: client.grantTypes ?? [...DEFAULT_GRANT_TYPES[client.type]],
  })),
);

const apiSchema = z.pipe(
  z.strictObject({
    /** The `audience` value clients ask for, and the access token's `aud`. */
    identifier: z
      .string()
      .check(z.minLength(1, { error: 'expected a non-empty API identifier (audience)' })),
    name: z.optional(z.string().check(z.minLength(1))),
    scopes: z._default(z.array(scopeToken), []),
    /** Auth0 "Allow Offline Access": whether refresh tokens may be issued for this API. */
    allowOfflineAccess: z._default(z.boolean(), false),
    accessTokenSeconds: z.optional(seconds),
  }),
  z.transform((api) => ({ ...api, name: api.name ?? api.identifier })),
);

/** One user, as in `users` of the config and in the control API's bodies. */
export const userConfigSchema = z.strictObject({
  /** The `sub` claim, Auth0 style (`auth0|alice`). */
  userId: z.string().check(z.minLength(1, { error: 'expected a non-empty user id (sub)' })),
  email: z.email({ error: 'expected an email address' }),
  password: z.string().check(z.minLength(1, { error: 'expected a non-empty password' })),
  name: z.optional(z.string().check(z.minLength(1))),
  nickname: z.optional(z.string().check(z.minLength(1))),
  picture: z.optional(z.url()),
  emailVerified: z._default(z.boolean(), true),
  /** May open the server's /dashboard (users, devices, revoking refresh tokens). */
  admin: z._default(z.boolean(), false),
  /** Handed to rules as `user.app_metadata` (e.g. roles for a custom claim). */
  appMetadata: z._default(z.record(z.string(), z.unknown()), {}),
});

const lifetimesSchema = z.strictObject({
  accessTokenSeconds: z._default(seconds, 86_400),
  idTokenSeconds: z._default(seconds, 36_000),
  codeSeconds: z._default(seconds, 60),
  sessionSeconds: z._default(seconds, 3 * 86_400),
  /** How long a login or consent page stays usable. */
  interactionSeconds: z._default(seconds, 600),
  /** RFC 8628: how long a device code and its user code stay usable. */
  deviceCodeSeconds: z._default(seconds, 900),
  /** RFC 8628 §3.2 `interval`: the fewest seconds between two polls of the token endpoint. */
  devicePollIntervalSeconds: z._default(seconds, 5),
});

/** Proof checks shared by the token endpoint and /userinfo (RFC 9449 §4.3, §8, §11.1). */
const dpopSchema = z.strictObject({
  /** Every proof must carry the server's current nonce (`use_dpop_nonce` until it does). */
  requireNonce: z._default(z.boolean(), false),
  nonceRotationSeconds: z._default(seconds, 300),
  /** How old a proof's `iat` may be on the server clock. */
  proofMaxAgeSeconds: z._default(seconds, 60),
  /** `jti`s remembered against replay; past it the oldest go (and proofs as old as them). */
  replayCacheEntries: z._default(z.int().check(z.positive()), 10_000),
});

const rateLimitSchema = z.strictObject({
  limit: z.int().check(z.positive({ error: 'expected a positive number of requests' })),
  windowSeconds: seconds,
});

/**
 * Token endpoint rate limits (HTTP 429 with Retry-After). Per refresh token and IP, as Auth0's
 * documents describe; per client optionally (null: none).
 */
const rateLimitsSchema = z.strictObject({
  refreshToken: z._default(z.nullable(rateLimitSchema), { limit: 30, windowSeconds: 60 }),
  client: z._default(z.nullable(rateLimitSchema), null),
});

/** A rule, Auth0 style: `(user, context) => void | Promise<void>`; see domain/rules.ts. */
const ruleSchema = z.union([
  z.string().check(z.minLength(1, { error: 'expected a module path' })),
  z.custom<(...args: never[]) => unknown>((value) => typeof value === 'function', {
    error: 'expected a module path or a function (user, context) => ...',
  }),
]);

const signingKeySchema = z.discriminatedUnion('source', [
  /** Generated once into the file and reused (dev default; the file is gitignored). */
  z.strictObject({
    source: z.literal('file'),
    path: z._default(z.string().check(z.minLength(1)), DEFAULT_SIGNING_KEY_PATH),
  }),
  /** A fresh key at every start. */
  z.strictObject({ source: z.literal('generate') }),
  /** A private RSA JWK given inline. */
  z.strictObject({ source: z.literal('jwk'), jwk: z.record(z.string(), z.unknown()) }),
]);

const defaultIssuers = () => [
  issuerFor(originOf(DEFAULT_PORTS.auth)),
  issuerFor(originOf(DEFAULT_PORTS.auth, '127.0.0.1')),
];

export const authServerConfigSchema = z
  .pipe(
    z.strictObject({
      /** Issuers this server may speak as; a request's origin picks one, else the first. */
      issuers: z._default(
        z.array(issuer).check(z.minLength(1, { error: 'expected at least one issuer' })),
        defaultIssuers,
      ),
      clients: z._default(z.array(clientConfigSchema), []),
      apis: z._default(z.array(apiSchema), []),
      users: z._default(z.array(userConfigSchema), []),
      lifetimes: z.prefault(lifetimesSchema, {}),
      /** The /__control test API; turn off for anything shared. */
      control: z._default(z.boolean(), true),
      /** When set, every control request needs `Authorization: Bearer <controlToken>`. */
      controlToken: z.optional(
        z.string().check(z.minLength(1, { error: 'expected a non-empty control token' })),
      ),
      signingKey: z.prefault(signingKeySchema, { source: 'file' }),
      /**
       * Auth0's management API (device credentials). Its audience defaults to the first issuer's
       * `api/v2/`; its scopes are MANAGEMENT_API_SCOPES.
       */
      managementApi: z.prefault(
        z.strictObject({ identifier: z.optional(z.string().check(z.minLength(1))) }),
        {},
      ),
      /**
       * Rules run in order on every token issuance: module paths (default export, resolved from
       * the working directory) or, in-process, functions.
       */
      rules: z._default(z.array(ruleSchema), []),
      rateLimits: z.prefault(rateLimitsSchema, {}),
      dpop: z.prefault(dpopSchema, {}),
    }),
    z.transform((config) => {
      const [firstIssuer = ''] = config.issuers;
      return {
        ...config,
        managementApi: {
          identifier: config.managementApi.identifier ?? managementAudienceFor(firstIssuer),
        },
      };
    }),
  )
  .check(
    z.superRefine((config, ctx) => {
      const refuseDuplicates = (list: string[], field: string, key: string) => {
        const seen = new Set<string>();
        list.forEach((value, index) => {
          if (seen.has(value)) {
            ctx.addIssue({
              code: 'custom',
              path: [field, index, key],
              message: `expected a unique ${key}, "${value}" appears twice`,
            });
          }
          seen.add(value);
        });
      };
      refuseDuplicates(
        config.clients.map((c) => c.clientId),
        'clients',
        'clientId',
      );
      refuseDuplicates(
        config.apis.map((a) => a.identifier),
        'apis',
        'identifier',
      );
      refuseDuplicates(
        config.users.map((u) => u.userId),
        'users',
        'userId',
      );
      refuseDuplicates(
        config.users.map((u) => u.email.toLowerCase()),
        'users',
        'email',
      );
      const management = config.managementApi.identifier;
      config.apis.forEach((api, index) => {
        if (api.identifier === management) {
          ctx.addIssue({
            code: 'custom',
            path: ['apis', index, 'identifier'],
            message: `expected another identifier, "${management}" is the management API's`,
          });
        }
      });
      const scopesOf = new Map<string, readonly string[]>([
        ...config.apis.map((api) => [api.identifier, api.scopes] as const),
        [management, MANAGEMENT_API_SCOPES],
      ]);
      config.clients.forEach((client, clientIndex) => {
        client.apiGrants.forEach((grant, grantIndex) => {
          const path = ['clients', clientIndex, 'apiGrants', grantIndex];
          const known = scopesOf.get(grant.audience);
          if (!known) {
            ctx.addIssue({
              code: 'custom',
              path: [...path, 'audience'],
              message: `expected a configured API identifier, "${grant.audience}" is none`,
            });
            return;
          }
          const unknown = grant.scopes.filter((scope) => !known.includes(scope));
          if (unknown.length > 0) {
            ctx.addIssue({
              code: 'custom',
              path: [...path, 'scopes'],
              message: `expected scopes of ${grant.audience}, not ${unknown.join(', ')}`,
            });
          }
        });
      });
    }),
  );

export type AuthServerConfigInput = z.input<typeof authServerConfigSchema>;
export type AuthServerConfig = z.output<typeof authServerConfigSchema>;
export type ClientConfig = AuthServerConfig['clients'][number];
export type ClientConfigInput = z.input<typeof clientConfigSchema>;
export type UserConfigInput = z.input<typeof userConfigSchema>;
export type ApiConfig = AuthServerConfig['apis'][number];
export type UserConfig = AuthServerConfig['users'][number];
export type Lifetimes = AuthServerConfig['lifetimes'];
export type RateLimits = AuthServerConfig['rateLimits'];
export type RateLimit = NonNullable<RateLimits['refreshToken']>;
export type DpopConfig = AuthServerConfig['dpop'];
export type RuleSource = AuthServerConfig['rules'][number];
export type SigningKeySource = AuthServerConfig['signingKey'];

export class AuthServerConfigError extends Error {
  readonly issues: string[];
  /** `source`: the config file the issues are about, named at the start of each. */
  constructor(issues: string[], source?: string) {
    const named = source === undefined ? issues : issues.map((issue) => `${source}: ${issue}`);
    super(`Invalid auth server config:\n${named.map((issue) => `  - ${issue}`).join('\n')}`);
    this.name = 'AuthServerConfigError';
    this.issues = named;
  }
}

/** `clients[1].redirectUris[0]`: a zod issue path as a reader writes it. */
export const formatPath = (path: readonly PropertyKey[]): string =>
  path.reduce<string>(
    (text, key) =>
      typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key),
    '',
  );

/** `path: what was expected`, one line per zod issue. */
export const describeIssues = (error: z.core.$ZodError): string[] =>
  error.issues.map((issue) => `${formatPath(issue.path) || '(config)'}: ${issue.message}`);

// The results of parseAuthServerConfig, so that a config parsed once (the command line parses
// its own to name the config file in errors) is not parsed again by createAuthServer.
const parsedConfigs = new WeakSet<object>();

/** Validates and fills in defaults; errors name the path and what was expected. */
export function parseAuthServerConfig(input: unknown, source?: string): AuthServerConfig {
  const result = authServerConfigSchema.safeParse(input ?? {});
  if (!result.success) throw new AuthServerConfigError(describeIssues(result.error), source);
  parsedConfigs.add(result.data);
  return result.data;
}

/** `input` itself, when it came out of parseAuthServerConfig; parsed otherwise. */
export const ensureParsedAuthServerConfig = (input: unknown): AuthServerConfig =>
  typeof input === 'object' && input !== null && parsedConfigs.has(input)
    ? (input as AuthServerConfig)
    : parseAuthServerConfig(input);

export interface SeedOptions {
  /** The auth server's port; issuers are localhost and 127.0.0.1 on it. */
  port?: number;
  spaOrigin?: string;
  apiAudience?: string;
}

/**
 * The seeded tenant: the SPA client (plus two variants the e2e tests need), an installed (native)
 * app, a server-side web app, a machine-to-machine client for the management API, the demo API,
 * two users.
 */
export function seedConfig({
  port = DEFAULT_PORTS.auth,
  spaOrigin = originOf(DEFAULT_PORTS.spa),
  apiAudience = apiAudienceFor(originOf(DEFAULT_PORTS.api)),
}: SeedOptions = {}): AuthServerConfigInput {
  const spa = spaOrigin.replace(/\/+$/, '');
  const issuers = [issuerFor(originOf(port)), issuerFor(originOf(port, '127.0.0.1'))];
  const managementAudience = managementAudienceFor(issuers[0] ?? '');
  const spaClient = {
    type: 'spa' as const,
    redirectUris: [`${spa}${SPA_PATHS.callback}`, `${spa}${SPA_PATHS.silentCallback}`],
    webOrigins: [spa],
    postLogoutRedirectUris: [`${spa}${SPA_PATHS.postLogout}`],
  };
  return {
    issuers,
    clients: [
      { ...spaClient, clientId: SPA_CLIENT_ID, name: 'Silent Auth Lab' },
      // No web origin: prompt=none answers carry frame-ancestors 'none' (the frame_blocked case).
      {
        ...spaClient,
        clientId: UNFRAMEABLE_SPA_CLIENT_ID,
        name: 'Silent Auth Lab (no web origin)',
        webOrigins: [],
      },
      // Needs consent: prompt=none answers consent_required until the user consents once.
      {
        ...spaClient,
        clientId: THIRD_PARTY_SPA_CLIENT_ID,
        name: 'Silent Auth Lab (third party)',
        thirdParty: true,
      },
      {
        clientId: NATIVE_CLIENT_ID,
        name: 'Silent Auth Lab native app',
        type: 'native',
        redirectUris: [NATIVE_REDIRECT_URIS.loopback, NATIVE_REDIRECT_URIS.customScheme],
        grantTypes: ['authorization_code', 'refresh_token', GRANT_TYPES.deviceCode],
      },
      {
        clientId: REGULAR_WEB_CLIENT_ID,
        name: 'Silent Auth Lab web app',
        type: 'regular_web',
        clientSecret: REGULAR_WEB_TEST_SECRET,
        redirectUris: [REGULAR_WEB_REDIRECT_URI],
        grantTypes: ['authorization_code', 'refresh_token', 'password'],
      },
      {
        clientId: M2M_CLIENT_ID,
        name: 'Silent Auth Lab management client',
        type: 'm2m',
        clientSecret: M2M_TEST_SECRET,
        apiGrants: [
          { audience: managementAudience, scopes: [...MANAGEMENT_API_SCOPES] },
          { audience: apiAudience, scopes: [...DEMO_API_SCOPES] },
        ],
      },
    ],
    apis: [
      {
        identifier: apiAudience,
        name: 'Silent Auth Lab demo API',
        scopes: [...DEMO_API_SCOPES],
        // On, so that a SPA's missing refresh token is explained by its client type, not the API.
        allowOfflineAccess: true,
      },
    ],
    users: Object.values(SEEDED_USERS).map((user) => ({ ...user })),
    managementApi: { identifier: managementAudience },
  };
}
