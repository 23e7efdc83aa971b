import { invalidRequest } from '../oauthError.ts';
import type { RequestParameters } from '../requestParameters.ts';

/** The authorization request parameters this server reads; others (e.g. `auth0Client`) are ignored. */
export const AUTHORIZATION_PARAMETERS = [
  'client_id',
  'redirect_uri',
  'response_type',
  'response_mode',
  'scope',
  'audience',
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
  'prompt',
  'max_age',
  'id_token_hint',
  'device',
  'dpop_jkt',
] as const;

/** Step 3. RFC 6749 §3.1: a parameter must not be sent twice, or the copies could disagree. */
export function checkRepeatedParameters(params: RequestParameters): void {
  const repeated = AUTHORIZATION_PARAMETERS.filter((name) => params.repeated.has(name));
  if (repeated.length > 0) {
    throw invalidRequest(`Parameters must not be repeated: ${repeated.join(', ')}`);
  }
}
