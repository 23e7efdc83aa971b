import { GRANT_TYPES } from '../../protocol/oauth.ts';
import type { ClientConfig } from '../config.ts';
import { OIDC_SCOPES } from './authorization/checkScope.ts';
import type { Domain } from './domain.ts';
import { issueIdToken } from './idToken.ts';
import { verifyJwt } from './jwt.ts';
import { invalidGrant, invalidRequest, OAuthError } from './oauthError.ts';
import { randomToken } from './randomToken.ts';
import { enforceTokenRateLimits } from './rateLimits.ts';
import { findUsableRefreshToken, recordRefreshTokenUse } from './refreshTokens.ts';
import {
  param,
  type RequestParameters,
  requiredParam,
  spaceSeparated,
} from './requestParameters.ts';
import { runRules } from './rules.ts';
import { authenticateClient } from './token/authenticateClient.ts';
import { checkRefreshTokenUseAllowed } from './token/checkClientGrant.ts';

/** Auth0 deprecated /delegation on 8 June 2017 (RFC 9745 `Deprecation` is a date). */
export const DELEGATION_DEPRECATED_AT = Date.UTC(2017, 5, 8);

/** The legacy response: a new ID token only. */
export interface DelegationResponse {
  id_token: string;
  token_type: 'Bearer';
  expires_in: number;
}

export interface DelegationInput {
  params: RequestParameters;
  authorization: string | undefined;
  issuer: string;
  origin: string | undefined;
  clientIp: string;
}

interface DelegationSource {
  sub: string;
  sid: string | undefined;
  /** Epoch ms. */
  authTime: number;
  /** The most the new ID token may carry. */
  allowedScope: readonly string[];
}

function fromRefreshToken(
  domain: Domain,
  client: ClientConfig,
  token: string,
  input: DelegationInput,
): DelegationSource {
  checkRefreshTokenUseAllowed(client, input.origin);
  enforceTokenRateLimits(domain, {
    clientId: client.clientId,
    refreshToken: token,
    ip: input.clientIp,
  });
  const record = findUsableRefreshToken(domain, token, client);
  // The legacy endpoint takes no DPoP proof: a bound refresh token is only good at /oauth/token.
  if (record.dpopJkt !== undefined) {
    throw invalidGrant('The refresh token is DPoP-bound: exchange it at /oauth/token with a proof');
  }
  // The legacy endpoint answers with an ID token only, so it can never hand back a rotated token.
  recordRefreshTokenUse(domain, record, { rotate: false });
  return {
    sub: record.sub,
    sid: record.sid,
    authTime: record.authTime,
    allowedScope: record.scope,
  };
}

function fromIdToken(domain: Domain, client: ClientConfig, token: string): DelegationSource {
  const result = verifyJwt(token, domain.signingKey, {
    issuers: domain.config.issuers,
    audience: client.clientId,
    now: domain.clock.now(),
  });
  if (!result.ok) throw invalidGrant(`The id_token is not valid: ${result.reason}`);
  const { sub, sid, auth_time: authTime, jti } = result.claims;
  if (typeof jti === 'string' && domain.store.isTokenRevoked(jti)) {
    throw invalidGrant('The id_token has been revoked');
  }
  if (typeof sub !== 'string') throw invalidGrant('The id_token has no sub');
  return {
    sub,
    sid: typeof sid === 'string' ? sid : undefined,
    authTime: typeof authTime === 'number' ? authTime * 1000 : domain.clock.now(),
    allowedScope: OIDC_SCOPES,
  };
}

/**
 * POST /delegation, Auth0's legacy endpoint (deprecated): a refresh token or a still-valid ID
 * token in, a new ID token for the same user out. Revoked, expired or foreign inputs are refused.
 */
export async function delegate(
  domain: Domain,
  input: DelegationInput,
): Promise<DelegationResponse> {
  const { params } = input;
  const grantType = requiredParam(params, 'grant_type');
  if (grantType !== GRANT_TYPES.jwtBearer) {
    throw new OAuthError(
      'unsupported_grant_type',
      `The delegation endpoint only takes grant_type=${GRANT_TYPES.jwtBearer}`,
    );
  }
  const client = authenticateClient(domain.registry, params, input.authorization);
  const apiType = param(params, 'api_type') ?? 'app';
  if (apiType !== 'app') {
    throw invalidRequest(`api_type ${apiType} is not supported here (only app)`);
  }
  const target = param(params, 'target');
  if (target !== undefined && target !== client.clientId) {
    throw invalidRequest('target must be the calling client (no other targets here)');
  }
  const refreshToken = param(params, 'refresh_token');
  const idToken = param(params, 'id_token');
  if ((refreshToken === undefined) === (idToken === undefined)) {
    throw invalidRequest('Send exactly one of refresh_token and id_token');
  }
  const source =
    refreshToken !== undefined
      ? fromRefreshToken(domain, client, refreshToken, input)
      : fromIdToken(domain, client, idToken as string);
  const user = domain.registry.userById(source.sub);
  if (!user) throw invalidGrant('The user no longer exists');
  const scope = spaceSeparated(param(params, 'scope') ?? 'openid').filter(
    (word) =>
      (OIDC_SCOPES as readonly string[]).includes(word) && source.allowedScope.includes(word),
  );
  if (!scope.includes('openid')) {
    throw new OAuthError('invalid_scope', 'The delegation needs the openid scope');
  }
  const claims = await runRules(domain, {
    protocol: 'delegation',
    client,
    user,
    scope,
    audience: undefined,
  });
  const issued = issueIdToken(domain, {
    issuer: input.issuer,
    clientId: client.clientId,
    user,
    scope,
    nonce: undefined,
    sid: source.sid,
    authTime: source.authTime,
    jti: randomToken(16),
    extraClaims: claims.idToken,
  });
  return { id_token: issued.token, token_type: 'Bearer', expires_in: issued.expiresIn };
}
