import type { ClientConfig } from '../../config.ts';
import { issueAccessToken } from '../accessToken.ts';
import type { Domain } from '../domain.ts';
import { OAuthError } from '../oauthError.ts';
import { randomToken } from '../randomToken.ts';
import { param, type RequestParameters, spaceSeparated } from '../requestParameters.ts';
import { runRules } from '../rules.ts';
import type { TokenResponse } from './tokenResponse.ts';

const accessDenied = (description: string) =>
  new OAuthError('access_denied', description, { status: 403 });

/**
 * grant_type=client_credentials (RFC 6749 §4.4): a token for an API the client was granted
 * (Auth0 "client grant"), with the granted scopes it asks for (all of them when it names none).
 * The subject is the client itself, `${client_id}@clients` as Auth0 writes it.
 */
export async function exchangeClientCredentials(
  domain: Domain,
  client: ClientConfig,
  params: RequestParameters,
  issuer: string,
  dpopJkt: string | undefined,
): Promise<TokenResponse> {
  const audience = param(params, 'audience');
  if (audience === undefined) {
    throw accessDenied(
      'No audience parameter was provided, and no default audience has been configured',
    );
  }
  const api = domain.registry.api(audience);
  if (!api) throw accessDenied(`Service not found: ${audience}`);
  // By the API's identifier: the grant names the API, whichever of its names was asked for.
  const grant = client.apiGrants.find(
    (candidate) => candidate.audience === api.identifier || candidate.audience === audience,
  );
  if (!grant) {
    throw accessDenied(`Client ${client.clientId} is not authorized to access "${audience}"`);
  }
  const requested = param(params, 'scope');
  const scope =
    requested === undefined
      ? [...grant.scopes]
      : spaceSeparated(requested).filter((word) => grant.scopes.includes(word));
  const claims = await runRules(domain, {
    protocol: 'oauth2-client-credentials',
    client,
    user: undefined,
    scope,
    audience,
  });
  const accessToken = issueAccessToken(domain, {
    issuer,
    clientId: client.clientId,
    sub: `${client.clientId}@clients`,
    scope,
    api,
    jti: randomToken(16),
    extraClaims: { ...claims.accessToken, gty: 'client-credentials' },
    dpopJkt,
  });
  return {
    access_token: accessToken.token,
    token_type: dpopJkt === undefined ? 'Bearer' : 'DPoP',
    expires_in: accessToken.expiresIn,
    scope: scope.join(' '),
  };
}
