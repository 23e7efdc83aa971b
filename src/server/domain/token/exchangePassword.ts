import { GRANT_TYPES } from '../../../protocol/oauth.ts';
import type { ClientConfig } from '../../config.ts';
import { checkAudience } from '../authorization/checkAudience.ts';
import { checkScope } from '../authorization/checkScope.ts';
import type { Domain } from '../domain.ts';
import { OAuthError } from '../oauthError.ts';
import { issueRefreshTokenIfAllowed } from '../refreshTokenPolicy.ts';
import { param, type RequestParameters, requiredParam } from '../requestParameters.ts';
import { runRules } from '../rules.ts';
import { authenticateUser } from '../users.ts';
import { issueTokenSet } from './issueTokenSet.ts';
import type { TokenResponse } from './tokenResponse.ts';

/**
 * grant_type=password (RFC 6749 §4.3, Auth0 Resource Owner Password): for first-party clients
 * that have the grant (checked before). No browser session, so the ID token has no `sid`.
 */
export async function exchangePassword(
  domain: Domain,
  client: ClientConfig,
  params: RequestParameters,
  issuer: string,
  dpopJkt: string | undefined,
): Promise<TokenResponse> {
  const username = requiredParam(params, 'username');
  const password = requiredParam(params, 'password');
  const api = checkAudience(domain.registry, params);
  const scope = checkScope(params, api);
  const user = authenticateUser(domain.registry, username, password);
  // Auth0's answer, word for word: it does not say which of the two was wrong.
  if (!user) throw new OAuthError('invalid_grant', 'Wrong email or password.', { status: 403 });
  const claims = await runRules(domain, {
    protocol: 'oauth2-password',
    client,
    user,
    scope,
    audience: api?.identifier,
  });
  const authTime = domain.clock.now();
  const decision = issueRefreshTokenIfAllowed(domain, {
    client,
    api,
    scope,
    flow: GRANT_TYPES.password,
    sub: user.userId,
    device: param(params, 'device'),
    issuer,
    audience: api?.identifier,
    sid: undefined,
    authTime,
    dpopJkt,
  });
  return issueTokenSet(domain, {
    issuer,
    client,
    user,
    scope: decision.scope,
    api,
    sid: undefined,
    authTime,
    claims,
    dpopJkt,
    ...(decision.refreshToken === undefined ? {} : { refreshToken: decision.refreshToken }),
  });
}
