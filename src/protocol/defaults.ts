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
