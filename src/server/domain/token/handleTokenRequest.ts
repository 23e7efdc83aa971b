import { GRANT_TYPES } from '../../../protocol/oauth.ts';
import type { ClientConfig, ClientGrantType } from '../../config.ts';
import type { Domain } from '../domain.ts';
import { checkTokenRequestProof } from '../dpop/checkTokenRequestProof.ts';
import { OAuthError } from '../oauthError.ts';
import { enforceTokenRateLimits } from '../rateLimits.ts';
import { param, type RequestParameters, requiredParam } from '../requestParameters.ts';
import { authenticateClient } from './authenticateClient.ts';
import { checkClientGrant } from './checkClientGrant.ts';
import { exchangeAuthorizationCode } from './exchangeAuthorizationCode.ts';
import { exchangeClientCredentials } from './exchangeClientCredentials.ts';
import { exchangeDeviceCode } from './exchangeDeviceCode.ts';
import { exchangePassword } from './exchangePassword.ts';
import { exchangeRefreshToken } from './exchangeRefreshToken.ts';
import type { TokenResponse } from './tokenResponse.ts';

export interface TokenRequestInput {
  params: RequestParameters;
  /** The Authorization header, for client_secret_basic. */
  authorization: string | undefined;
  issuer: string;
  /** The Origin header: set by browsers on cross-origin requests, never by native apps. */
  origin: string | undefined;
  /** The caller's IP address, for the per-refresh-token rate limit. */
  clientIp: string;
  /** The DPoP header: a proof the tokens are bound to (RFC 9449). */
  dpop?: string | undefined;
}

export type GrantHandler = (
  domain: Domain,
  client: ClientConfig,
  params: RequestParameters,
  issuer: string,
  /** Thumbprint of the request's verified DPoP key, when its tokens are to be bound. */
  dpopJkt: string | undefined,
) => Promise<TokenResponse>;

/** Grants this server answers; each one a module of its own. */
const GRANTS = {
  [GRANT_TYPES.authorizationCode]: exchangeAuthorizationCode,
  [GRANT_TYPES.refreshToken]: exchangeRefreshToken,
  [GRANT_TYPES.password]: exchangePassword,
  [GRANT_TYPES.deviceCode]: exchangeDeviceCode,
  [GRANT_TYPES.clientCredentials]: exchangeClientCredentials,
} satisfies Record<Exclude<ClientGrantType, 'implicit'>, GrantHandler>;

type TokenGrantType = keyof typeof GRANTS;

export const SUPPORTED_GRANT_TYPES = Object.keys(GRANTS) as TokenGrantType[];

const isTokenGrantType = (value: string): value is TokenGrantType => Object.hasOwn(GRANTS, value);

/** POST /oauth/token: pick the grant, authenticate the client, check its limits, run the grant. */
export async function handleTokenRequest(
  domain: Domain,
  { params, authorization, issuer, origin, clientIp, dpop }: TokenRequestInput,
): Promise<TokenResponse> {
  const grantType = requiredParam(params, 'grant_type');
  if (!isTokenGrantType(grantType)) {
    throw new OAuthError('unsupported_grant_type', `Unsupported grant_type: ${grantType}`);
  }
  const client = authenticateClient(domain.registry, params, authorization);
  // Counted before the grant is judged: a refused request still spends the token's budget,
  // so hammering the endpoint with a stolen token (from a browser or not) meets the limit.
  enforceTokenRateLimits(domain, {
    clientId: client.clientId,
    refreshToken:
      grantType === GRANT_TYPES.refreshToken ? param(params, 'refresh_token') : undefined,
    ip: clientIp,
  });
  checkClientGrant(client, grantType, origin);
  const dpopJkt = checkTokenRequestProof(domain, client, dpop, issuer);
  const grant: GrantHandler = GRANTS[grantType];
  const response = await grant(domain, client, params, issuer, dpopJkt);
  const bound = dpopJkt === undefined ? {} : { dpopJkt };
  domain.events.record(
    grantType === GRANT_TYPES.refreshToken
      ? {
          type: 'refresh',
          clientId: client.clientId,
          scope: response.scope,
          rotated: response.refresh_token !== undefined,
          ...bound,
        }
      : {
          type: 'tokens_issued',
          grantType,
          clientId: client.clientId,
          scope: response.scope,
          refreshToken: response.refresh_token !== undefined,
          ...bound,
        },
  );
  return response;
}
