import type { ClientConfig } from '../../config.ts';
import type { Domain } from '../domain.ts';
import { checkSameKey } from '../dpop/checkTokenRequestProof.ts';
import { invalidGrant, OAuthError } from '../oauthError.ts';
import { findUsableRefreshToken, recordRefreshTokenUse } from '../refreshTokens.ts';
import {
  param,
  type RequestParameters,
  requiredParam,
  spaceSeparated,
} from '../requestParameters.ts';
import { runRules } from '../rules.ts';
import { issueTokenSet } from './issueTokenSet.ts';
import type { TokenResponse } from './tokenResponse.ts';

/** RFC 6749 §6: a narrower scope may be asked for, never a wider one. */
function refreshScope(params: RequestParameters, granted: readonly string[]): string[] {
  const requested = param(params, 'scope');
  if (requested === undefined) return [...granted];
  const words = spaceSeparated(requested);
  const extra = words.filter((word) => !granted.includes(word));
  if (extra.length > 0) {
    throw new OAuthError(
      'invalid_scope',
      `The refresh token was not granted: ${extra.join(' ')} (RFC 6749 §6: the scope may only shrink)`,
    );
  }
  return words;
}

/**
 * grant_type=refresh_token (RFC 6749 §6): a new access token, and a new ID token when the scope
 * has openid; with rotation, a new refresh token too. The rules run (`oauth2-refresh-token`) and
 * may refuse it.
 */
export async function exchangeRefreshToken(
  domain: Domain,
  client: ClientConfig,
  params: RequestParameters,
  issuer: string,
  dpopJkt: string | undefined,
): Promise<TokenResponse> {
  const token = requiredParam(params, 'refresh_token');
  const record = findUsableRefreshToken(domain, token, client);
  if (record.issuer !== issuer) {
    throw invalidGrant('The refresh token was issued by another issuer');
  }
  checkSameKey(record.dpopJkt, dpopJkt, 'refresh token');
  const scope = refreshScope(params, record.scope);
  const user = domain.registry.userById(record.sub);
  if (!user) throw invalidGrant('The user of this refresh token no longer exists');
  const claims = await runRules(domain, {
    protocol: 'oauth2-refresh-token',
    client,
    user,
    scope,
    audience: record.audience,
  });
  // Checked again after the rules' await, with no await until the rotation is saved: two
  // exchanges racing with one rotating token cannot both succeed (the second is a reuse).
  const current = findUsableRefreshToken(domain, token, client);
  const { newToken } = recordRefreshTokenUse(domain, current, { rotate: true });
  const api = record.audience === undefined ? undefined : domain.registry.api(record.audience);
  return issueTokenSet(domain, {
    issuer,
    client,
    user,
    scope,
    api,
    sid: record.sid,
    authTime: record.authTime,
    claims,
    dpopJkt,
    ...(newToken === undefined ? {} : { refreshToken: newToken }),
  });
}
