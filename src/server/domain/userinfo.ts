import {
  checkTokenPresentation,
  dpopChallenge,
  readPresentedToken,
} from '../../dpop/checkTokenPresentation.ts';
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

export interface UserinfoRequest {
  /** The Authorization header: `Bearer <token>` or `DPoP <token>`. */
  authorization: string | undefined;
  /** The DPoP header (a proof with `ath`), for a DPoP-bound token. */
  dpop: string | undefined;
  method: string;
  issuer: string;
}

const boundJktOf = (claims: Record<string, unknown>): string | undefined => {
  const cnf = claims.cnf;
  if (typeof cnf !== 'object' || cnf === null) return undefined;
  const jkt = (cnf as Record<string, unknown>).jkt;
  return typeof jkt === 'string' ? jkt : undefined;
};

/**
 * RFC 9449 §7: a bound token must come with a proof by its key; the refusal is a DPoP
 * challenge, with the nonce to retry with when one is needed.
 */
function checkPresentation(
  domain: Domain,
  request: UserinfoRequest,
  presented: NonNullable<Exclude<ReturnType<typeof readPresentedToken>, 'malformed'>>,
  claims: Record<string, unknown>,
): void {
  const settings = domain.dpop.current();
  const result = checkTokenPresentation({
    presented,
    boundJkt: boundJktOf(claims),
    proof: request.dpop,
    method: request.method,
    url: userinfoEndpoint(request.issuer),
    now: domain.clock.now(),
    replay: domain.dpop.replay,
    nonces: domain.dpop.nonces,
    requireNonce: settings.requireNonce,
    maxAgeSeconds: settings.proofMaxAgeSeconds,
  });
  if (result.ok) return;
  throw new OAuthError(result.error, result.description, {
    status: 401,
    wwwAuthenticate:
      presented.scheme === 'Bearer'
        ? bearerChallenge(result.error, result.description)
        : dpopChallenge(result.error, result.description, 'userinfo'),
    headers:
      result.error === 'use_dpop_nonce'
        ? { 'DPoP-Nonce': domain.dpop.nonces.current() }
        : domain.dpop.nonceHeaders(),
  });
}

/**
 * GET /userinfo (OIDC Core §5.3): the token must be ours, for this issuer's /userinfo, live,
 * not revoked (a replayed code revokes it), presented as it was issued (Bearer, or DPoP with
 * a proof by its key), and carry `openid`.
 */
export function readUserinfo(domain: Domain, request: UserinfoRequest): Record<string, unknown> {
  const presented = readPresentedToken(request.authorization);
  if (presented === undefined || presented === 'malformed') {
    // RFC 6750 §3.1: no error code when the request carried no token at all.
    throw new OAuthError('invalid_request', 'No access token', {
      status: 401,
      wwwAuthenticate: bearerChallenge(),
    });
  }
  const { issuer } = request;
  const result = verifyJwt(presented.token, domain.signingKey, {
    issuers: [issuer],
    audience: userinfoEndpoint(issuer),
    now: domain.clock.now(),
  });
  if (!result.ok) throw invalidToken(`The access token is not valid: ${result.reason}`);
  const { claims } = result;
  if (typeof claims.jti !== 'string' || domain.store.isTokenRevoked(claims.jti)) {
    throw invalidToken('The access token has been revoked');
  }
  checkPresentation(domain, request, presented, claims);
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
