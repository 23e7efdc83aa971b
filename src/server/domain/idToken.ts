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
  sid: string;
  /** Epoch ms of the login. */
  authTime: number;
  jti: string;
}

export interface IssuedIdToken {
  token: string;
  /** Epoch seconds. */
  expiresAt: number;
}

/** OIDC Core §2 ID token, plus the profile/email claims the scope releases. */
export async function issueIdToken(
  domain: Domain,
  { issuer, clientId, user, scope, nonce, sid, authTime, jti }: IdTokenInput,
): Promise<IssuedIdToken> {
  const iat = epochSeconds(domain.clock);
  const exp = iat + domain.lifetimes.current().idTokenSeconds;
  const token = await signJwt(
    {
      ...userClaimsForScope(user, scope),
      iss: issuer,
      sub: user.userId,
      aud: clientId,
      azp: clientId,
      iat,
      exp,
      auth_time: Math.floor(authTime / 1000),
      ...(nonce === undefined ? {} : { nonce }),
      sid,
      jti,
    },
    domain.signingKey,
  );
  return { token, expiresAt: exp };
}
