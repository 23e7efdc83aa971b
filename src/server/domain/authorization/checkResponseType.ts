import type { ClientConfig } from '../../config.ts';
import { OAuthError } from '../oauthError.ts';
import { type RequestParameters, requiredParam, spaceSeparated } from '../requestParameters.ts';

/** Only the code flow so far; the implicit response types join this list later. */
export const SUPPORTED_RESPONSE_TYPES = ['code'] as const;

/** Step 5. Machine-to-machine clients have no user and never use /authorize. */
export function checkResponseType(client: ClientConfig, params: RequestParameters): string {
  const responseType = spaceSeparated(requiredParam(params, 'response_type')).sort().join(' ');
  if (!(SUPPORTED_RESPONSE_TYPES as readonly string[]).includes(responseType)) {
    throw new OAuthError(
      'unsupported_response_type',
      `Unsupported response_type: ${params.values.response_type} (supported: ${SUPPORTED_RESPONSE_TYPES.join(', ')})`,
    );
  }
  if (client.type === 'm2m') {
    throw new OAuthError(
      'unauthorized_client',
      'A machine-to-machine client cannot use the authorization endpoint',
    );
  }
  return responseType;
}
