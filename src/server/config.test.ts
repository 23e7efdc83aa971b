import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AuthServerConfigError,
  ensureParsedAuthServerConfig,
  parseAuthServerConfig,
  seedConfig,
} from './config.ts';

const issuesOf = (input: unknown): string[] => {
  try {
    parseAuthServerConfig(input);
  } catch (error) {
    if (error instanceof AuthServerConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected the config to be refused');
};

describe('parseAuthServerConfig', () => {
  it('fills in defaults', () => {
    const config = parseAuthServerConfig({});
    expect(config.issuers).toEqual(['http://localhost:4400/', 'http://127.0.0.1:4400/']);
    expect(config.lifetimes).toEqual({
      accessTokenSeconds: 86_400,
      idTokenSeconds: 36_000,
      codeSeconds: 60,
      sessionSeconds: 259_200,
      interactionSeconds: 600,
      deviceCodeSeconds: 900,
      devicePollIntervalSeconds: 5,
    });
    expect(config.control).toBe(true);
    expect(config.signingKey).toEqual({ source: 'file', path: '.data/signing-keys.json' });
    expect(config.managementApi).toEqual({ identifier: 'http://localhost:4400/api/v2/' });
    expect(config.rateLimits).toEqual({
      refreshToken: { limit: 30, windowSeconds: 60 },
      client: null,
    });
    expect(config.rules).toEqual([]);
  });

  it('gives each client type its default grants and refresh token settings', () => {
    const config = parseAuthServerConfig({
      clients: [
        { clientId: 'spa', type: 'spa' },
        { clientId: 'native', type: 'native' },
        { clientId: 'web', type: 'regular_web', clientSecret: 's' },
        { clientId: 'm2m', type: 'm2m', clientSecret: 's' },
      ],
    });
    expect(config.clients.map((client) => [client.clientId, client.grantTypes])).toEqual([
      ['spa', ['authorization_code', 'implicit']],
      ['native', ['authorization_code', 'refresh_token']],
      ['web', ['authorization_code', 'refresh_token']],
      ['m2m', ['client_credentials']],
    ]);
    expect(config.clients[1]?.refreshTokens).toEqual({ rotation: false });
  });

  it('refuses client_credentials for a public client and user grants for an m2m one', () => {
    expect(
      issuesOf({
        clients: [{ clientId: 'n', type: 'native', grantTypes: ['client_credentials'] }],
      }),
    ).toEqual([
      expect.stringContaining('clients[0].grantTypes[0]: expected no client_credentials'),
    ]);
    expect(
      issuesOf({
        clients: [{ clientId: 'm', type: 'm2m', clientSecret: 's', grantTypes: ['password'] }],
      }),
    ).toEqual([expect.stringContaining('expected only client_credentials')]);
  });

  it('refuses an API grant for an unknown API or scope', () => {
    const issues = issuesOf({
      apis: [{ identifier: 'https://api.example/', scopes: ['read:a'] }],
      clients: [
        {
          clientId: 'm',
          type: 'm2m',
          clientSecret: 's',
          apiGrants: [
            { audience: 'https://nope.example/' },
            { audience: 'https://api.example/', scopes: ['write:a'] },
          ],
        },
      ],
    });
    expect(issues).toEqual([
      expect.stringContaining('clients[0].apiGrants[0].audience'),
      expect.stringContaining('clients[0].apiGrants[1].scopes: expected scopes of'),
    ]);
  });

  it('accepts rules as module paths or functions, and nothing else', () => {
    const rule = () => undefined;
    expect(parseAuthServerConfig({ rules: ['./rules/a.ts', rule] }).rules).toEqual([
      './rules/a.ts',
      rule,
    ]);
    expect(issuesOf({ rules: [42] })).toEqual([expect.stringContaining('rules[0]')]);
  });

  it('refuses an API that takes the management API identifier', () => {
    expect(issuesOf({ apis: [{ identifier: 'http://localhost:4400/api/v2/' }] })).toEqual([
      expect.stringContaining("the management API's"),
    ]);
  });

  it('writes issuers with a trailing slash', () => {
    expect(parseAuthServerConfig({ issuers: ['http://localhost:9000'] }).issuers).toEqual([
      'http://localhost:9000/',
    ]);
  });

  it('accepts the seeded tenant for other ports', () => {
    const config = parseAuthServerConfig(
      seedConfig({
        port: 9400,
        spaOrigin: 'http://localhost:9173',
        apiAudience: 'http://localhost:9401/',
      }),
    );
    expect(config.issuers).toEqual(['http://localhost:9400/', 'http://127.0.0.1:9400/']);
    const [spa] = config.clients;
    expect(spa).toMatchObject({
      clientId: 'silent-auth-lab-spa',
      type: 'spa',
      redirectUris: [
        'http://localhost:9173/callback',
        'http://localhost:9173/silent-callback.html',
      ],
      webOrigins: ['http://localhost:9173'],
      postLogoutRedirectUris: ['http://localhost:9173/'],
    });
    expect(config.apis[0]?.identifier).toBe('http://localhost:9401/');
    expect(config.users.map((user) => user.userId)).toEqual(['auth0|alice', 'auth0|bob']);
  });

  it('names the path and what was expected', () => {
    const issues = issuesOf({
      clients: [{ clientId: 'a', redirectUris: ['http://ok.example/cb', 'not a url'] }],
    });
    expect(issues).toEqual([
      'clients[0].redirectUris[1]: expected an absolute URL without a fragment (e.g. http://localhost:5173/callback)',
    ]);
  });

  it.each([
    [
      'a redirect URI with a fragment',
      { clients: [{ clientId: 'a', redirectUris: ['http://x.example/cb#frag'] }] },
      'clients[0].redirectUris[0]',
    ],
    [
      'a javascript: redirect URI',
      { clients: [{ clientId: 'a', redirectUris: ['javascript:alert(1)'] }] },
      'clients[0].redirectUris[0]',
    ],
    [
      'a web origin with a path',
      { clients: [{ clientId: 'a', webOrigins: ['http://x.example/app'] }] },
      'clients[0].webOrigins[0]',
    ],
    [
      'a confidential client without a secret',
      { clients: [{ clientId: 'a', type: 'regular_web' }] },
      'clients[0].clientSecret',
    ],
    [
      'a SPA with a secret',
      { clients: [{ clientId: 'a', type: 'spa', clientSecret: 's' }] },
      'clients[0].clientSecret',
    ],
    [
      'a duplicated client id',
      { clients: [{ clientId: 'a' }, { clientId: 'a' }] },
      'clients[1].clientId',
    ],
    ['a misspelt key', { clients: [{ clientId: 'a', redirectUri: [] }] }, 'clients[0]'],
    ['an issuer with a path', { issuers: ['http://x.example/tenant'] }, 'issuers[0]'],
    ['a zero lifetime', { lifetimes: { codeSeconds: 0 } }, 'lifetimes.codeSeconds'],
    [
      'a user without email',
      { users: [{ userId: 'u', email: 'nope', password: 'p' }] },
      'users[0].email',
    ],
  ])('refuses %s', (_, input, path) => {
    const issues = issuesOf(input);
    expect(issues.some((issue) => issue.startsWith(`${path}:`))).toBe(true);
  });

  it('reports every problem at once, in the error message too', () => {
    try {
      parseAuthServerConfig({ issuers: [], control: 'yes' });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toContain('issuers: expected at least one issuer');
      expect((error as Error).message).toContain('control:');
    }
  });
});

describe('ensureParsedAuthServerConfig', () => {
  it('returns a parsed config as it is, and parses anything else', () => {
    const parsed = parseAuthServerConfig(seedConfig());
    expect(ensureParsedAuthServerConfig(parsed)).toBe(parsed);
    // Same shape, but not a parse result: parsed again (a new object).
    const copy = { ...parsed };
    const reparsed = ensureParsedAuthServerConfig(copy);
    expect(reparsed).not.toBe(copy);
    expect(reparsed).toEqual(parsed);
    expect(() => ensureParsedAuthServerConfig({ ...parsed, issuers: [] })).toThrow(
      /issuers: expected at least one issuer/,
    );
  });
});

describe('the config schemas at start', () => {
  // Full zod compiles an object schema to a function on its first parse (new Function), which
  // pays only for repeated parses: a command-line start parses its config once. zod/mini never
  // does, so no setting is needed, in the command line or in a test process.
  it('compile no functions while they are built and parse the seeded tenant', () => {
    const script = `
      let compiled = 0;
      globalThis.Function = new Proxy(Function, {
        construct(target, args) { compiled++; return Reflect.construct(target, args); },
      });
      const { parseAuthServerConfig, seedConfig } = await import('./src/server/config.ts');
      parseAuthServerConfig(seedConfig());
      process.stdout.write(String(compiled));
    `;
    const output = execFileSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { cwd: join(import.meta.dirname, '..', '..'), encoding: 'utf8' },
    );
    expect(Number(output)).toBe(0);
  }, 20_000);
});
