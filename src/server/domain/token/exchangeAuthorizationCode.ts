import { GRANT_TYPES } from '../../../protocol/oauth.ts';
import type { ClientConfig } from '../../config.ts';
import type { CodeRecord } from '../../store/records.ts';
import type { Domain } from '../domain.ts';
import { checkSameKey } from '../dpop/checkTokenRequestProof.ts';
import { invalidGrant } from '../oauthError.ts';
import { verifyPkce } from '../pkce.ts';
import { randomToken } from '../randomToken.ts';
import { issueRefreshTokenIfAllowed } from '../refreshTokenPolicy.ts';
import { param, type RequestParameters, requiredParam } from '../requestParameters.ts';
import { issueTokenSet } from './issueTokenSet.ts';
import type { TokenResponse } from './tokenResponse.ts';

/**
 * A used code presented again means it leaked: refuse it and revoke what it issued, refresh
 * token included (RFC 6749 §4.1.2, RFC 9700 §4.5).
 */
function refuseReplay(domain: Domain, record: CodeRecord): never {
  for (const jti of record.tokenIds) {
    domain.store.revokeToken({ jti, expiresAt: record.retainUntil });
  }
  if (record.refreshTokenId !== undefined) domain.store.deleteRefreshToken(record.refreshTokenId);
  throw invalidGrant(
    'The authorization code has already been used; the tokens it issued are revoked',
  );
}

/** Every binding the code carries must match this request. */
function checkCodeBindings(
  domain: Domain,
  record: CodeRecord,
  client: ClientConfig,
  params: RequestParameters,
  issuer: string,
): void {
  if (record.expiresAt <= domain.clock.now())
    throw invalidGrant('The authorization code has expired');
  if (record.clientId !== client.clientId) {
    throw invalidGrant('The authorization code was issued to another client');
  }
  if (record.issuer !== issuer) {
    throw invalidGrant('The authorization code was issued by another issuer');
  }
  if (record.redirectUri === undefined) {
    // RFC 6749 §4.1.3: redirect_uri only when the request had one; a FedCM code had none.
    if (param(params, 'redirect_uri') !== undefined) {
      throw invalidGrant(
        'redirect_uri sent, but the code came from a FedCM assertion (no redirect)',
      );
    }
  } else if (requiredParam(params, 'redirect_uri') !== record.redirectUri) {
    throw invalidGrant('redirect_uri does not match the one used in the authorization request');
  }
  const verifier = param(params, 'code_verifier');
  if (record.codeChallenge === undefined) {
    // RFC 9700 §2.1.1: a verifier without a challenge is a downgrade attempt.
    if (verifier !== undefined) {
      throw invalidGrant('code_verifier sent, but the authorization request had no code_challenge');
    }
    return;
  }
  if (verifier === undefined) throw invalidGrant('Missing code_verifier (PKCE)');
  if (!verifyPkce(record.codeChallenge, verifier)) {
    throw invalidGrant('code_verifier does not match the code_challenge (PKCE)');
  }
}

/** grant_type=authorization_code (RFC 6749 §4.1.3, RFC 7636 §4.6). */
export async function exchangeAuthorizationCode(
  domain: Domain,
  client: ClientConfig,
  params: RequestParameters,
  issuer: string,
  dpopJkt: string | undefined,
): Promise<TokenResponse> {
  const code = requiredParam(params, 'code');
  const record = domain.store.findCode(code);
  if (!record) throw invalidGrant('Invalid authorization code');
  if (record.consumedAt !== undefined) refuseReplay(domain, record);
  checkCodeBindings(domain, record, client, params, issuer);
  checkSameKey(record.dpopJkt, dpopJkt, 'authorization code (dpop_jkt)');
  const user = domain.registry.userById(record.sub);
  if (!user) throw invalidGrant('The user of this authorization code no longer exists');

  // Marked used before any await, so a concurrent replay sees it and revokes these ids.
  const ids = { accessToken: randomToken(16), idToken: randomToken(16) };
  const now = domain.clock.now();
  const api = record.audience === undefined ? undefined : domain.registry.api(record.audience);
  const decision = issueRefreshTokenIfAllowed(domain, {
    client,
    api,
    scope: record.scope,
    flow: GRANT_TYPES.authorizationCode,
    sub: user.userId,
    device: record.device,
    issuer,
    audience: record.audience,
    sid: record.sid,
    authTime: record.authTime,
    dpopJkt,
  });
  const lifetimes = domain.lifetimes.current();
  const longestTokenMs =
    Math.max(domain.lifetimes.accessTokenSecondsFor(api), lifetimes.idTokenSeconds) * 1000;
  domain.store.saveCode({
    ...record,
    consumedAt: now,
    tokenIds: [ids.accessToken, ids.idToken],
    ...(decision.refreshTokenId === undefined ? {} : { refreshTokenId: decision.refreshTokenId }),
    retainUntil: Math.max(record.retainUntil, now + longestTokenMs),
  });

  return issueTokenSet(domain, {
    issuer,
    client,
    user,
    scope: decision.scope,
    api,
    sid: record.sid,
    authTime: record.authTime,
    nonce: record.nonce,
    claims: record.claims,
    ids,
    dpopJkt,
    ...(decision.refreshToken === undefined ? {} : { refreshToken: decision.refreshToken }),
  });
}
