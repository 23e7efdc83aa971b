import { RESPONSE_MODES, type ResponseMode } from '../../../protocol/oauth.ts';
import { invalidRequest } from '../oauthError.ts';
import { param, type RequestParameters } from '../requestParameters.ts';

/** OAuth 2.0 Multiple Response Types §5: `code` answers in the query by default. */
export const DEFAULT_RESPONSE_MODE: ResponseMode = 'query';

const isResponseMode = (value: string): value is ResponseMode =>
  (RESPONSE_MODES as readonly string[]).includes(value);

/**
 * Step 4, before the response type: it decides how every later error is delivered.
 * web_message posts to the redirect URI's origin, so that URI must have a real (http) origin.
 */
export function checkResponseMode(params: RequestParameters, redirectUri: string): ResponseMode {
  const mode = param(params, 'response_mode');
  if (mode === undefined) return DEFAULT_RESPONSE_MODE;
  if (!isResponseMode(mode)) {
    throw invalidRequest(
      `Unsupported response_mode: ${mode} (supported: ${RESPONSE_MODES.join(', ')})`,
    );
  }
  if (mode === 'web_message' && new URL(redirectUri).origin === 'null') {
    throw invalidRequest('response_mode=web_message needs an http(s) redirect_uri');
  }
  return mode;
}
