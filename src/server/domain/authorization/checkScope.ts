import type { ApiConfig } from '../../config.ts';
import { param, type RequestParameters, spaceSeparated } from '../requestParameters.ts';

export const OIDC_SCOPES = ['openid', 'profile', 'email'] as const;

/**
 * Step 8. Like Auth0: words this tenant does not know are dropped, not refused. `offline_access`
 * is dropped too for now: no refresh tokens are issued yet (the refresh-token policy decides
 * later, and drops it silently where it does not apply).
 */
export function checkScope(params: RequestParameters, api: ApiConfig | undefined): string[] {
  const known = new Set<string>([...OIDC_SCOPES, ...(api?.scopes ?? [])]);
  return spaceSeparated(param(params, 'scope')).filter((word) => known.has(word));
}
