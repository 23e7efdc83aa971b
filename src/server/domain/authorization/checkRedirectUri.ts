import type { ClientConfig } from '../../config.ts';
import { invalidRequest } from '../oauthError.ts';
import { isRegisteredRedirectUri } from '../redirectUri.ts';
import { type RequestParameters, requiredParam } from '../requestParameters.ts';

/**
 * Step 2. Until this passes, nothing is sent to the redirect URI (RFC 6749 §4.1.2.1): an
 * unregistered one would make the server an open redirector.
 */
export function checkRedirectUri(client: ClientConfig, params: RequestParameters): string {
  const redirectUri = requiredParam(params, 'redirect_uri');
  if (!isRegisteredRedirectUri(client, redirectUri)) {
    throw invalidRequest(
      `The redirect_uri is not registered for client ${client.clientId}: ${redirectUri}`,
    );
  }
  return redirectUri;
}
