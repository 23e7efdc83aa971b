import type { ClientConfig } from '../../config.ts';
import { OAuthError } from '../oauthError.ts';
import type { Registry } from '../registry.ts';
import { type RequestParameters, requiredParam } from '../requestParameters.ts';

/** Step 1. No client, no redirect: errors here are shown on the server's own error page. */
export function checkClient(registry: Registry, params: RequestParameters): ClientConfig {
  const clientId = requiredParam(params, 'client_id');
  const client = registry.client(clientId);
  if (!client) throw new OAuthError('invalid_client', `Unknown client: ${clientId}`);
  return client;
}
