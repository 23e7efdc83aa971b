import type { ApiConfig } from '../config.ts';
import { epochSeconds } from './clock.ts';
import type { Domain } from './domain.ts';
import { userinfoEndpoint } from './issuer.ts';
import { signJwt } from './jwt.ts';

export interface AccessTokenInput {
  issuer: string;
  clientId: string;
  /** The user, or `${clientId}@clients` for client_credentials (Auth0's convention). */
  sub: string;
  scope: readonly string[];
  api: ApiConfig | undefined;
  jti: string;
  /** Namespaced claims from rules, plus e.g. `gty`; never overrides a registered claim. */
  extraClaims?: Readonly<Record<string, unknown>>;
  /** Binds the token to a DPoP key: `cnf.jkt` (RFC 9449 §6.1). */
  dpopJkt?: string | undefined;
}

export interface IssuedAccessToken {
  token: string;
  expiresIn: number;
  /** Epoch seconds. */
  expiresAt: number;
}

/**
 * Audience the Auth0 way: the API asked for, plus /userinfo when `openid` is in scope; with no
 * API, /userinfo alone.
 */
export function accessTokenAudience(
  issuer: string,
  api: ApiConfig | undefined,
  scope: readonly string[],
): string | string[] {
  const userinfo = userinfoEndpoint(issuer);
  if (!api) return userinfo;
  return scope.includes('openid') ? [api.identifier, userinfo] : api.identifier;
}

/** A JWT access token (RS256) carrying `scope`, `client_id` and `azp` (RFC 9068 claims). */
export function issueAccessToken(
  domain: Domain,
  { issuer, clientId, sub, scope, api, jti, extraClaims = {}, dpopJkt }: AccessTokenInput,
): IssuedAccessToken {
  const iat = epochSeconds(domain.clock);
  const expiresIn = domain.lifetimes.accessTokenSecondsFor(api);
  const exp = iat + expiresIn;
  const token = signJwt(
    {
      ...extraClaims,
      iss: issuer,
      sub,
      aud: accessTokenAudience(issuer, api, scope),
      iat,
      exp,
      scope: scope.join(' '),
      client_id: clientId,
      azp: clientId,
      jti,
      ...(dpopJkt === undefined ? {} : { cnf: { jkt: dpopJkt } }),
    },
    domain.signingKey,
  );
  return { token, expiresIn, expiresAt: exp };
}
