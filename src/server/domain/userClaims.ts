import type { UserConfig } from '../config.ts';

/** OIDC Core §5.4: the claims the `profile` and `email` scopes release. */
export function userClaimsForScope(
  user: UserConfig,
  scope: readonly string[],
): Record<string, string | boolean> {
  const claims: Record<string, string | boolean> = {};
  if (scope.includes('profile')) {
    claims.name = user.name ?? user.email;
    claims.nickname = user.nickname ?? user.email.split('@')[0] ?? user.email;
    if (user.picture) claims.picture = user.picture;
  }
  if (scope.includes('email')) {
    claims.email = user.email;
    claims.email_verified = user.emailVerified;
  }
  return claims;
}
