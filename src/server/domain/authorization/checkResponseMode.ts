import { RESPONSE_MODES, type ResponseMode } from '../../../protocol/oauth.ts';
import { invalidRequest } from '../oauthError.ts';
import { param, type RequestParameters, spaceSeparated } from '../requestParameters.ts';

/** OAuth 2.0 Multiple Response Types §5: `code` answers in the query by default. */
export const DEFAULT_RESPONSE_MODE: ResponseMode = 'query';

const isResponseMode = (value: string): value is ResponseMode =>
  (RESPONSE_MODES as readonly string[]).includes(value);

/** Whether the (raw, unchecked) response_type asks for tokens straight from this endpoint. */
const asksForTokens = (params: RequestParameters): boolean =>
  spaceSeparated(params.values.response_type).some(
    (word) => word === 'token' || word === 'id_token',
  );

/**
 * Multiple Response Types §5: tokens from the authorization endpoint go in the fragment by
 * default. Read before anything is checked, so that even the first error of an implicit request
 * stays out of the query (and so out of server logs and Referer headers).
 */
export const defaultResponseModeFor = (params: RequestParameters): ResponseMode =>
  asksForTokens(params) ? 'fragment' : DEFAULT_RESPONSE_MODE;

/**
 * Step 4, before the response type: it decides how every later error is delivered.
 * web_message posts to the redirect URI's origin, so that URI must have a real (http) origin.
 * Tokens never go in the query (Multiple Response Types §5: "MUST NOT").
 */
export function checkResponseMode(params: RequestParameters, redirectUri: string): ResponseMode {
  const mode = param(params, 'response_mode');
  if (mode === undefined) return defaultResponseModeFor(params);
  if (!isResponseMode(mode)) {
    throw invalidRequest(
      `Unsupported response_mode: ${mode} (supported: ${RESPONSE_MODES.join(', ')})`,
    );
  }
  if (mode === 'query' && asksForTokens(params)) {
    throw invalidRequest(
      'response_mode=query cannot carry tokens; use fragment, form_post or web_message',
    );
  }
  if (mode === 'web_message' && new URL(redirectUri).origin === 'null') {
    throw invalidRequest('response_mode=web_message needs an http(s) redirect_uri');
  }
  return mode;
}
