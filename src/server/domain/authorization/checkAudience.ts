import type { ApiConfig } from '../../config.ts';
import { OAuthError } from '../oauthError.ts';
import type { Registry } from '../registry.ts';
import { param, type RequestParameters } from '../requestParameters.ts';

/** Step 7. The API the access token is for; without one the token only opens /userinfo. */
export function checkAudience(
  registry: Registry,
  params: RequestParameters,
): ApiConfig | undefined {
  const audience = param(params, 'audience');
  if (audience === undefined) return undefined;
  const api = registry.api(audience);
  // Auth0's own answer to an unknown audience.
  if (!api) throw new OAuthError('access_denied', `Service not found: ${audience}`);
  return api;
}
