import { createHash } from 'node:crypto';
import type { UserConfig } from '../config.ts';
import { epochSeconds } from './clock.ts';
import type { Domain } from './domain.ts';
import { signJwt } from './jwt.ts';
import { userClaimsForScope } from './userClaims.ts';

export interface IdTokenInput {
  issuer: string;
  clientId: string;
  user: UserConfig;
  scope: readonly string[];
  nonce: string | undefined;
  /** The session behind it; none for grants without a browser (password, delegation). */
  sid: string | undefined;
  /** Epoch ms of the login. */
  authTime: number;
  jti: string;
  /** The access token issued with it from the authorization endpoint, for `at_hash`. */
  accessToken?: string;
  /** Namespaced claims from rules; never overrides a registered claim. */
  extraClaims?: Readonly<Record<string, unknown>>;
}

export interface IssuedIdToken {
  token: string;
  /** Epoch seconds. */
  expiresAt: number;
  expiresIn: number;
}

/**
 * OIDC Core §3.2.2.9 for RS256: base64url of the left half of the access token's SHA-256.
 * Only the `id_token token` response needs it; the token endpoint's clients got the access token
 * over TLS from the server itself.
 */
export const accessTokenHash = (accessToken: string): string =>
  createHash('sha256').update(accessToken, 'ascii').digest().subarray(0, 16).toString('base64url');

/** OIDC Core §2 ID token, plus the profile/email claims the scope releases. */
export function issueIdToken(
  domain: Domain,
  {
    issuer,
    clientId,
    user,
    scope,
    nonce,
    sid,
    authTime,
    jti,
    accessToken,
    extraClaims = {},
  }: IdTokenInput,
): IssuedIdToken {
  const iat = epochSeconds(domain.clock);
  const expiresIn = domain.lifetimes.current().idTokenSeconds;
  const exp = iat + expiresIn;
  const token = signJwt(
    {
      ...extraClaims,
      ...userClaimsForScope(user, scope),
      iss: issuer,
      sub: user.userId,
      aud: clientId,
      azp: clientId,
      iat,
      exp,
      auth_time: Math.floor(authTime / 1000),
      ...(nonce === undefined ? {} : { nonce }),
      ...(accessToken === undefined ? {} : { at_hash: accessTokenHash(accessToken) }),
      ...(sid === undefined ? {} : { sid }),
      jti,
    },
    domain.signingKey,
  );
  return { token, expiresAt: exp, expiresIn };
}
