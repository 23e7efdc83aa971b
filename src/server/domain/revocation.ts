import type { Domain } from './domain.ts';
import { verifyJwt } from './jwt.ts';
import { OAuthError } from './oauthError.ts';
import { hashRefreshToken } from './refreshTokens.ts';
import { param, type RequestParameters, requiredParam } from './requestParameters.ts';
import { authenticateClient } from './token/authenticateClient.ts';

const otherClients = () =>
  // RFC 7009 §2.1: the server checks the token was issued to the caller, and refuses otherwise.
  new OAuthError('unauthorized_client', 'The token was issued to another client');

export interface RevocationInput {
  params: RequestParameters;
  authorization: string | undefined;
}

/**
 * POST /oauth/revoke (RFC 7009). A refresh token (live or rotated out) revokes its whole family
 * — the device credential; an access token is revoked until it expires (it then fails at
 * /userinfo). An unknown or invalid token is not an error (§2.2): the answer is the same 200.
 */
export function revokeTokenRequest(
  domain: Domain,
  { params, authorization }: RevocationInput,
): void {
  const client = authenticateClient(domain.registry, params, authorization);
  const token = requiredParam(params, 'token');
  // token_type_hint is only a hint (§2.1): both kinds are looked for whatever it says.
  param(params, 'token_type_hint');
  const family = domain.store.findRefreshTokenByHash(hashRefreshToken(token));
  if (family) {
    if (family.clientId !== client.clientId) throw otherClients();
    domain.store.deleteRefreshToken(family.id);
    domain.events.record({
      type: 'revoked',
      what: 'refresh_token',
      count: 1,
      clientId: client.clientId,
      userId: family.sub,
    });
    return;
  }
  const result = verifyJwt(token, domain.signingKey, {
    issuers: domain.config.issuers,
    now: domain.clock.now(),
  });
  if (!result.ok) return;
  const { claims } = result;
  if (typeof claims.jti !== 'string' || typeof claims.exp !== 'number') return;
  if (claims.client_id !== client.clientId && claims.aud !== client.clientId) throw otherClients();
  domain.store.revokeToken({ jti: claims.jti, expiresAt: claims.exp * 1000 });
  domain.events.record({
    type: 'revoked',
    what: 'access_token',
    count: 1,
    clientId: client.clientId,
    ...(typeof claims.sub === 'string' ? { userId: claims.sub } : {}),
  });
}
