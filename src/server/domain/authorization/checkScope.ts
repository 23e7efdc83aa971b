import { OFFLINE_ACCESS_SCOPE } from '../../../protocol/oauth.ts';
import type { ApiConfig } from '../../config.ts';
import { param, type RequestParameters, spaceSeparated } from '../requestParameters.ts';

export const OIDC_SCOPES = ['openid', 'profile', 'email'] as const;

/**
 * Step 8. Like Auth0: words this tenant does not know are dropped, not refused. `offline_access`
 * is kept here; the refresh token policy drops it silently where no refresh token may be issued.
 */
export function checkScope(params: RequestParameters, api: ApiConfig | undefined): string[] {
  const known = new Set<string>([...OIDC_SCOPES, OFFLINE_ACCESS_SCOPE, ...(api?.scopes ?? [])]);
  return spaceSeparated(param(params, 'scope')).filter((word) => known.has(word));
}
