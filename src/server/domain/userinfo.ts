import { bearerChallenge } from './bearerChallenge.ts';
import type { Domain } from './domain.ts';
import { userinfoEndpoint } from './issuer.ts';
import { verifyJwt } from './jwt.ts';
import { OAuthError } from './oauthError.ts';
import { userClaimsForScope } from './userClaims.ts';

const invalidToken = (description: string) =>
  new OAuthError('invalid_token', description, {
    status: 401,
    wwwAuthenticate: bearerChallenge('invalid_token', description),
  });

/**
 * GET /userinfo (OIDC Core §5.3): the token must be ours, for this issuer's /userinfo, live,
 * not revoked (a replayed code revokes it), and carry `openid`.
 */
export function readUserinfo(
  domain: Domain,
  accessToken: string | undefined,
  issuer: string,
): Record<string, unknown> {
  if (!accessToken) {
    // RFC 6750 §3.1: no error code when the request carried no token at all.
    throw new OAuthError('invalid_request', 'No access token', {
      status: 401,
      wwwAuthenticate: bearerChallenge(),
    });
  }
  const result = verifyJwt(accessToken, domain.signingKey, {
    issuers: [issuer],
    audience: userinfoEndpoint(issuer),
    now: domain.clock.now(),
  });
  if (!result.ok) throw invalidToken(`The access token is not valid: ${result.reason}`);
  const { claims } = result;
  if (typeof claims.jti !== 'string' || domain.store.isTokenRevoked(claims.jti)) {
    throw invalidToken('The access token has been revoked');
  }
  const user = typeof claims.sub === 'string' ? domain.registry.userById(claims.sub) : undefined;
  if (!user) throw invalidToken('The access token names an unknown user');
  const scope = typeof claims.scope === 'string' ? claims.scope.split(' ') : [];
  if (!scope.includes('openid')) {
    throw new OAuthError('insufficient_scope', 'The access token lacks the openid scope', {
      status: 403,
      wwwAuthenticate: bearerChallenge('insufficient_scope', 'openid scope required'),
    });
  }
  return { sub: user.userId, ...userClaimsForScope(user, scope) };
}
