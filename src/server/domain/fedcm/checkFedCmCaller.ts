import type { ClientConfig } from '../../config.ts';
import { OAuthError } from '../oauthError.ts';
import type { Registry } from '../registry.ts';

/**
 * Every request the browser makes for FedCM carries `Sec-Fetch-Dest: webidentity`, which a page
 * cannot set (a forbidden header): a credentialed FedCM endpoint answers nothing else, so no
 * page script can read the accounts list or get an assertion with the user's cookie.
 */
export function checkWebIdentityFetch(secFetchDest: string | undefined): void {
  if (secFetchDest === 'webidentity') return;
  throw new OAuthError(
    'invalid_request',
    `FedCM endpoints answer only the browser's own FedCM requests (Sec-Fetch-Dest: webidentity, got ${secFetchDest ?? 'none'})`,
  );
}

/** The client a FedCM request names: it must exist (its web origins are checked next). */
export function checkFedCmClient(registry: Registry, clientId: string | undefined): ClientConfig {
  if (clientId === undefined) throw new OAuthError('invalid_request', 'Missing client_id');
  const client = registry.client(clientId);
  if (!client) throw new OAuthError('invalid_client', `Unknown client: ${clientId}`);
  return client;
}

/** The client's own policy: FedCM on, and a client that may get a code (what FedCM answers). */
export function checkFedCmEnabled(client: ClientConfig): void {
  if (!client.fedcm) {
    throw new OAuthError('unauthorized_client', `Client ${client.clientId} has FedCM turned off`);
  }
  if (!client.grantTypes.includes('authorization_code')) {
    throw new OAuthError(
      'unauthorized_client',
      `Client ${client.clientId} may not use the authorization code grant, which FedCM answers with`,
    );
  }
}

/**
 * The browser sends the relying party's origin: only a registered web origin of this client may
 * get an assertion (the answer's CORS names that origin and no other).
 */
export function checkFedCmOrigin(client: ClientConfig, origin: string | undefined): string {
  if (origin !== undefined && client.webOrigins.includes(origin)) return origin;
  throw new OAuthError(
    'invalid_request',
    `Origin ${origin ?? '(none)'} is not a registered web origin of client ${client.clientId}`,
    { status: 403 },
  );
}
