import { invalidRequest } from '../oauthError.ts';
import type { RequestParameters } from '../requestParameters.ts';
import { type ResponseType, responseTypeWords } from './checkResponseType.ts';

/**
 * Step 8b. An ID token straight from the authorization endpoint needs the `openid` scope and a
 * `nonce` (OIDC Core §3.2.2.1: REQUIRED in the implicit flow), the client's only defence against
 * a replayed token there.
 */
export function checkIdTokenRequest(
  params: RequestParameters,
  responseType: ResponseType,
  scope: readonly string[],
): void {
  if (!responseTypeWords(responseType).includes('id_token')) return;
  if (!scope.includes('openid')) {
    throw invalidRequest('response_type with id_token needs the openid scope');
  }
  if (params.values.nonce === undefined) {
    throw invalidRequest(
      'nonce is required when an ID token is returned from the authorization endpoint',
    );
  }
}
