import type { ClientConfig } from '../../config.ts';
import { OAuthError } from '../oauthError.ts';
import { type RequestParameters, requiredParam, spaceSeparated } from '../requestParameters.ts';

/**
 * The code flow, and the implicit flow's three response types (OIDC Core §3.2, OAuth 2.0
 * §4.2), written in sorted order. Hybrid types (`code id_token` …) are not supported.
 */
export const SUPPORTED_RESPONSE_TYPES = ['code', 'id_token', 'token', 'id_token token'] as const;
export type ResponseType = (typeof SUPPORTED_RESPONSE_TYPES)[number];

export const isImplicitResponseType = (responseType: string): boolean => responseType !== 'code';

export const responseTypeWords = (responseType: string): string[] => responseType.split(' ');

/**
 * Step 5. The response type must be one we support and the client must be allowed its flow:
 * `authorization_code` for `code`, `implicit` for the others (Auth0 "Grant Types"). Machine-to-
 * machine clients have no user and never use /authorize.
 */
export function checkResponseType(client: ClientConfig, params: RequestParameters): ResponseType {
  const responseType = spaceSeparated(requiredParam(params, 'response_type')).sort().join(' ');
  const supported = SUPPORTED_RESPONSE_TYPES.find((type) => type === responseType);
  if (supported === undefined) {
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
  const grant = isImplicitResponseType(supported) ? 'implicit' : 'authorization_code';
  if (!client.grantTypes.includes(grant)) {
    throw new OAuthError(
      'unauthorized_client',
      `Client ${client.clientId} is not allowed the ${grant} grant (response_type=${supported})`,
    );
  }
  return supported;
}
