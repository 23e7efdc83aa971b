import type { ApiConfig, ClientConfig, UserConfig } from '../../config.ts';
import type { CustomClaims } from '../../store/records.ts';
import { issueAccessToken } from '../accessToken.ts';
import type { Domain } from '../domain.ts';
import { issueIdToken } from '../idToken.ts';
import { randomToken } from '../randomToken.ts';
import type { TokenResponse } from './tokenResponse.ts';

export interface TokenSetInput {
  issuer: string;
  client: ClientConfig;
  user: UserConfig;
  /** The scope granted (after the refresh token policy). */
  scope: readonly string[];
  api: ApiConfig | undefined;
  sid: string | undefined;
  /** Epoch ms of the sign-in. */
  authTime: number;
  nonce?: string;
  claims: CustomClaims;
  refreshToken?: string;
  /** `jti`s chosen in advance (a code records them before it issues). */
  ids?: { accessToken: string; idToken: string };
  /** The DPoP key thumbprint the access token is bound to (`cnf.jkt`). */
  dpopJkt?: string | undefined;
}

/** The token endpoint's answer for a user: access token, ID token when `openid`, refresh token when given. */
export function issueTokenSet(domain: Domain, input: TokenSetInput): TokenResponse {
  const ids = input.ids ?? { accessToken: randomToken(16), idToken: randomToken(16) };
  const accessToken = issueAccessToken(domain, {
    issuer: input.issuer,
    clientId: input.client.clientId,
    sub: input.user.userId,
    scope: input.scope,
    api: input.api,
    jti: ids.accessToken,
    extraClaims: input.claims.accessToken,
    dpopJkt: input.dpopJkt,
  });
  const idToken = input.scope.includes('openid')
    ? issueIdToken(domain, {
        issuer: input.issuer,
        clientId: input.client.clientId,
        user: input.user,
        scope: input.scope,
        nonce: input.nonce,
        sid: input.sid,
        authTime: input.authTime,
        jti: ids.idToken,
        extraClaims: input.claims.idToken,
      })
    : undefined;
  return {
    access_token: accessToken.token,
    ...(input.refreshToken === undefined ? {} : { refresh_token: input.refreshToken }),
    ...(idToken ? { id_token: idToken.token } : {}),
    token_type: input.dpopJkt === undefined ? 'Bearer' : 'DPoP',
    expires_in: accessToken.expiresIn,
    scope: input.scope.join(' '),
  };
}
