/** Defaults shared by the SPA, the servers and the tests. Ports are overridable everywhere. */
export const DEFAULT_PORTS = { auth: 4400, api: 4401, spa: 5173 } as const;

export const SPA_CLIENT_ID = 'silent-auth-lab-spa';

export const DEMO_API_SCOPES = ['read:profile', 'read:orders'] as const;

export const originOf = (port: number, host = 'localhost') => `http://${host}:${port}`;

/** Auth0 writes its issuer with a trailing slash; auth0-spa-js checks `iss === domain + '/'`. */
export const issuerFor = (origin: string) => `${origin.replace(/\/+$/, '')}/`;

/** The demo API's audience is its own origin with a trailing slash. */
export const apiAudienceFor = (apiOrigin: string) => `${apiOrigin.replace(/\/+$/, '')}/`;

/** Paths on the SPA origin that the seeded client registers. */
export const SPA_PATHS = {
  callback: '/callback',
  silentCallback: '/silent-callback.html',
  postLogout: '/',
} as const;

/** Seeded variants of the SPA client that show silent renewal failing: no web origin
 * (the server refuses to be framed) and third-party (consent needed first). */
export const UNFRAMEABLE_SPA_CLIENT_ID = 'silent-auth-lab-spa-unframeable';
export const THIRD_PARTY_SPA_CLIENT_ID = 'silent-auth-lab-third-party';

/**
 * Seeded clients that may hold a refresh token (issue 5): an installed app (public, PKCE,
 * loopback redirect on any port per RFC 8252 §7.3, or its custom scheme), a server-side web app
 * and a machine-to-machine client for the management API. The secrets are test values only.
 */
export const NATIVE_CLIENT_ID = 'silent-auth-lab-native';
export const NATIVE_REDIRECT_URIS = {
  /** Any port may be used with this one: `http://127.0.0.1:<port>/callback`. */
  loopback: 'http://127.0.0.1/callback',
  customScheme: 'com.silentauthlab.native:/callback',
} as const;
export const REGULAR_WEB_CLIENT_ID = 'silent-auth-lab-web';
export const REGULAR_WEB_TEST_SECRET = 'test-only-secret-web-DO-NOT-USE-IN-PRODUCTION';
export const REGULAR_WEB_REDIRECT_URI = 'http://localhost:3000/callback';
export const M2M_CLIENT_ID = 'silent-auth-lab-m2m';
export const M2M_TEST_SECRET = 'test-only-secret-m2m-DO-NOT-USE-IN-PRODUCTION';

/** Auth0's management API audience: `${issuer}api/v2/`. */
export const managementAudienceFor = (issuer: string) => `${issuerFor(issuer)}api/v2/`;
export const MANAGEMENT_SCOPES = ['read:device_credentials', 'delete:device_credentials'] as const;

/**
 * The seeded users (test credentials, not secrets): the server's seed config registers them;
 * tests, demos, screenshots and benchmarks sign in as them from here.
 */
export const SEEDED_USERS = {
  alice: {
    userId: 'auth0|alice',
    email: 'alice@example.com',
    password: 'wonderland',
    name: 'Alice Liddell',
    nickname: 'alice',
    // Opens the dashboard, so the e2e run can revoke a device credential there.
    admin: true,
  },
  bob: {
    userId: 'auth0|bob',
    email: 'bob@example.com',
    password: 'builder',
    name: 'Bob Builder',
    nickname: 'bob',
  },
} as const;
