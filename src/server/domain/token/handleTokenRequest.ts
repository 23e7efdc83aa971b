import { GRANT_TYPES } from '../../../protocol/oauth.ts';
import type { Domain } from '../domain.ts';
import { OAuthError } from '../oauthError.ts';
import { type RequestParameters, requiredParam } from '../requestParameters.ts';
import { authenticateClient } from './authenticateClient.ts';
import { exchangeAuthorizationCode } from './exchangeAuthorizationCode.ts';
import type { TokenResponse } from './tokenResponse.ts';

export interface TokenRequestInput {
  params: RequestParameters;
  /** The Authorization header, for client_secret_basic. */
  authorization: string | undefined;
  issuer: string;
}

/** Grants this server answers; each one a module of its own. */
export const SUPPORTED_GRANT_TYPES = [GRANT_TYPES.authorizationCode] as const;

/** POST /oauth/token: pick the grant, authenticate the client, run the grant. */
export async function handleTokenRequest(
  domain: Domain,
  { params, authorization, issuer }: TokenRequestInput,
): Promise<TokenResponse> {
  const grantType = requiredParam(params, 'grant_type');
  if (!(SUPPORTED_GRANT_TYPES as readonly string[]).includes(grantType)) {
    throw new OAuthError('unsupported_grant_type', `Unsupported grant_type: ${grantType}`);
  }
  const client = authenticateClient(domain.registry, params, authorization);
  if (client.type === 'm2m') {
    throw new OAuthError(
      'unauthorized_client',
      'A machine-to-machine client cannot use the authorization_code grant',
    );
  }
  return exchangeAuthorizationCode(domain, client, params, issuer);
}
