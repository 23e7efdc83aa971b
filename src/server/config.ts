import { z } from 'zod';
import {
  apiAudienceFor,
  DEFAULT_PORTS,
  DEMO_API_SCOPES,
  issuerFor,
  originOf,
  SPA_CLIENT_ID,
  SPA_PATHS,
  THIRD_PARTY_SPA_CLIENT_ID,
  UNFRAMEABLE_SPA_CLIENT_ID,
} from '../protocol/defaults.ts';

/** Where `.data/signing-keys.json` lives unless the config says otherwise (relative to the cwd). */
export const DEFAULT_SIGNING_KEY_PATH = '.data/signing-keys.json';

export const CLIENT_TYPES = ['spa', 'native', 'regular_web', 'm2m'] as const;
export type ClientType = (typeof CLIENT_TYPES)[number];

/** Public clients cannot keep a secret (RFC 6749 §2.1); Auth0's SPA and native application types. */
export const isPublicClientType = (type: ClientType): boolean =>
  type === 'spa' || type === 'native';

const parseUrl = (value: string): URL | undefined => {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
};

const FORBIDDEN_SCHEMES = new Set(['javascript:', 'data:', 'vbscript:', 'file:', 'blob:']);

// RFC 6749 §3.1.2: absolute, no fragment. Custom schemes stay possible for native apps.
const redirectUrl = z.string().refine(
  (value) => {
    const url = parseUrl(value);
    return url !== undefined && !FORBIDDEN_SCHEMES.has(url.protocol) && !value.includes('#');
  },
  { error: 'expected an absolute URL without a fragment (e.g. http://localhost:5173/callback)' },
);

const isHttpOrigin = (value: string): boolean => {
  const url = parseUrl(value);
  return (
    url !== undefined &&
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    url.origin === value.replace(/\/$/, '')
  );
};

const webOrigin = z.string().refine((value) => isHttpOrigin(value) && !value.endsWith('/'), {
  error:
    'expected an origin: scheme://host[:port], no path or trailing slash (e.g. http://localhost:5173)',
});

const issuer = z
  .string()
  .refine(isHttpOrigin, {
    error: 'expected an issuer origin such as http://localhost:4400/ (no path)',
  })
  .transform(issuerFor);

const seconds = z.int({ error: 'expected a whole number of seconds' }).positive({
  error: 'expected a positive number of seconds',
});

// RFC 6749 §3.3 scope-token: printable ASCII except space, `"` and `\`.
const scopeToken = z.string().regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/, {
  error: 'expected a scope token (printable ASCII, no spaces or quotes)',
});

const clientSchema = z
  .strictObject({
    clientId: z.string().min(1, { error: 'expected a non-empty client id' }),
    name: z.string().min(1).optional(),
    type: z.enum(CLIENT_TYPES).default('spa'),
    /** Required for regular_web and m2m clients, refused for spa and native ones. */
    clientSecret: z.string().min(1).optional(),
    redirectUris: z.array(redirectUrl).default([]),
    /** Origins allowed to call the token and userinfo endpoints (CORS) and to frame prompt=none. */
    webOrigins: z.array(webOrigin).default([]),
    postLogoutRedirectUris: z.array(redirectUrl).default([]),
    /** Third-party clients need the user's consent before they get a code (Auth0 `is_first_party: false`). */
    thirdParty: z.boolean().default(false),
  })
  .superRefine((client, ctx) => {
    const isPublic = isPublicClientType(client.type);
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
  })
  .transform((client) => ({ ...client, name: client.name ?? client.clientId }));

const apiSchema = z
  .strictObject({
    /** The `audience` value clients ask for, and the access token's `aud`. */
    identifier: z.string().min(1, { error: 'expected a non-empty API identifier (audience)' }),
    name: z.string().min(1).optional(),
    scopes: z.array(scopeToken).default([]),
    /** Auth0 "Allow Offline Access": whether refresh tokens may be issued for this API. */
    allowOfflineAccess: z.boolean().default(false),
    accessTokenSeconds: seconds.optional(),
  })
  .transform((api) => ({ ...api, name: api.name ?? api.identifier }));

const userSchema = z.strictObject({
  /** The `sub` claim, Auth0 style (`auth0|alice`). */
  userId: z.string().min(1, { error: 'expected a non-empty user id (sub)' }),
  email: z.email({ error: 'expected an email address' }),
  password: z.string().min(1, { error: 'expected a non-empty password' }),
  name: z.string().min(1).optional(),
  nickname: z.string().min(1).optional(),
  picture: z.url().optional(),
  emailVerified: z.boolean().default(true),
});

const lifetimesSchema = z.strictObject({
  accessTokenSeconds: seconds.default(86_400),
  idTokenSeconds: seconds.default(36_000),
  codeSeconds: seconds.default(60),
  sessionSeconds: seconds.default(3 * 86_400),
  /** How long a login or consent page stays usable. */
  interactionSeconds: seconds.default(600),
});

const signingKeySchema = z.discriminatedUnion('source', [
  /** Generated once into the file and reused (dev default; the file is gitignored). */
  z.strictObject({
    source: z.literal('file'),
    path: z.string().min(1).default(DEFAULT_SIGNING_KEY_PATH),
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
  .strictObject({
    /** Issuers this server may speak as; a request's origin picks one, else the first. */
    issuers: z
      .array(issuer)
      .min(1, { error: 'expected at least one issuer' })
      .default(defaultIssuers),
    clients: z.array(clientSchema).default([]),
    apis: z.array(apiSchema).default([]),
    users: z.array(userSchema).default([]),
    lifetimes: lifetimesSchema.prefault({}),
    /** The /__control test API; turn off for anything shared. */
    control: z.boolean().default(true),
    signingKey: signingKeySchema.prefault({ source: 'file' }),
  })
  .superRefine((config, ctx) => {
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
  });

export type AuthServerConfigInput = z.input<typeof authServerConfigSchema>;
export type AuthServerConfig = z.output<typeof authServerConfigSchema>;
export type ClientConfig = AuthServerConfig['clients'][number];
export type ApiConfig = AuthServerConfig['apis'][number];
export type UserConfig = AuthServerConfig['users'][number];
export type Lifetimes = AuthServerConfig['lifetimes'];
export type SigningKeySource = AuthServerConfig['signingKey'];

export class AuthServerConfigError extends Error {
  readonly issues: string[];
  constructor(issues: string[]) {
    super(`Invalid auth server config:\n${issues.map((issue) => `  - ${issue}`).join('\n')}`);
    this.name = 'AuthServerConfigError';
    this.issues = issues;
  }
}

const formatPath = (path: readonly PropertyKey[]): string =>
  path.reduce<string>(
    (text, key) =>
      typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key),
    '',
  );

/** Validates and fills in defaults; errors name the path and what was expected. */
export function parseAuthServerConfig(input: unknown): AuthServerConfig {
  const result = authServerConfigSchema.safeParse(input ?? {});
  if (result.success) return result.data;
  throw new AuthServerConfigError(
    result.error.issues.map((issue) => `${formatPath(issue.path) || '(config)'}: ${issue.message}`),
  );
}

export const SEEDED_USERS = [
  {
    userId: 'auth0|alice',
    email: 'alice@example.com',
    password: 'wonderland',
    name: 'Alice Liddell',
    nickname: 'alice',
  },
  {
    userId: 'auth0|bob',
    email: 'bob@example.com',
    password: 'builder',
    name: 'Bob Builder',
    nickname: 'bob',
  },
] as const satisfies AuthServerConfigInput['users'];

export interface SeedOptions {
  /** The auth server's port; issuers are localhost and 127.0.0.1 on it. */
  port?: number;
  spaOrigin?: string;
  apiAudience?: string;
}

/** The seeded tenant: the SPA client (plus two variants the e2e tests need), the demo API, two users. */
export function seedConfig({
  port = DEFAULT_PORTS.auth,
  spaOrigin = originOf(DEFAULT_PORTS.spa),
  apiAudience = apiAudienceFor(originOf(DEFAULT_PORTS.api)),
}: SeedOptions = {}): AuthServerConfigInput {
  const spa = spaOrigin.replace(/\/+$/, '');
  const spaClient = {
    type: 'spa' as const,
    redirectUris: [`${spa}${SPA_PATHS.callback}`, `${spa}${SPA_PATHS.silentCallback}`],
    webOrigins: [spa],
    postLogoutRedirectUris: [`${spa}${SPA_PATHS.postLogout}`],
  };
  return {
    issuers: [issuerFor(originOf(port)), issuerFor(originOf(port, '127.0.0.1'))],
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
    users: SEEDED_USERS.map((user) => ({ ...user })),
  };
}
