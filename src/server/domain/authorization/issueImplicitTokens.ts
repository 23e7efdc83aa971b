import type { ClientConfig } from '../../config.ts';
import type { AuthorizationRequest, CustomClaims, SessionRecord } from '../../store/records.ts';
import { issueAccessToken } from '../accessToken.ts';
import type { Domain } from '../domain.ts';
import { issueIdToken } from '../idToken.ts';
import { OAuthError } from '../oauthError.ts';
import { randomToken } from '../randomToken.ts';
import { grantedScope } from '../refreshTokenPolicy.ts';
import { responseTypeWords } from './checkResponseType.ts';

/**
 * Step 12 (implicit flow, OIDC Core §3.2.2.5). Tokens for the front channel: an access token for
 * `token`, an ID token with the nonce for `id_token`, and `at_hash` binding the two when both
 * come. Never a refresh token: the policy drops `offline_access` silently.
 */
export function issueImplicitTokens(
  domain: Domain,
  request: AuthorizationRequest,
  client: ClientConfig,
  session: SessionRecord,
  claims: CustomClaims,
): Record<string, string> {
  const user = domain.registry.userById(session.sub);
  if (!user) throw new OAuthError('login_required', 'The signed-in user no longer exists');
  const words = responseTypeWords(request.responseType);
  const api = request.audience === undefined ? undefined : domain.registry.api(request.audience);
  const scope = grantedScope({ client, api, scope: request.scope, flow: 'implicit' });
  const params: Record<string, string> = {};
  let accessToken: string | undefined;
  if (words.includes('token')) {
    const issued = issueAccessToken(domain, {
      issuer: request.issuer,
      clientId: client.clientId,
      sub: user.userId,
      scope,
      api,
      jti: randomToken(16),
      extraClaims: claims.accessToken,
    });
    accessToken = issued.token;
    Object.assign(params, {
      access_token: issued.token,
      token_type: 'Bearer',
      expires_in: String(issued.expiresIn),
      scope: scope.join(' '),
    });
  }
  if (words.includes('id_token')) {
    const issued = issueIdToken(domain, {
      issuer: request.issuer,
      clientId: client.clientId,
      user,
      scope,
      nonce: request.nonce,
      sid: session.id,
      authTime: session.authTime,
      jti: randomToken(16),
      ...(accessToken === undefined ? {} : { accessToken }),
      extraClaims: claims.idToken,
    });
    params.id_token = issued.token;
  }
  return params;
}
