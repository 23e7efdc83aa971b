import type { IDToken, TokenEndpointResponse } from 'openid-client';
import { fingerprint } from './fingerprint.ts';

const iso = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Who the ID token names, for people: "auth0|alice (Alice Liddell <alice@example.com>)". */
export function describeUser(claims: IDToken | undefined): string {
  if (!claims) return 'unknown (no ID token)';
  const name = typeof claims.name === 'string' ? claims.name : undefined;
  const email = typeof claims.email === 'string' ? claims.email : undefined;
  const who = [name, email && `<${email}>`].filter(Boolean).join(' ');
  return who ? `${claims.sub} (${who})` : claims.sub;
}

/**
 * What came back from the token endpoint, as aligned lines: every token by fingerprint only,
 * the access token's lifetime, whether a refresh token came, and the scope actually granted.
 */
export function describeTokenResponse(
  tokens: TokenEndpointResponse,
  claims: IDToken | undefined,
  now: Date,
  /** A refresh response without a refresh token means "keep using yours", not "none issued". */
  { refreshing = false }: { refreshing?: boolean } = {},
): string[] {
  const noRefreshToken = refreshing ? 'no new one (not rotated)' : 'no';
  const expiry =
    typeof tokens.expires_in === 'number'
      ? `expires in ${tokens.expires_in} s (${iso(new Date(now.getTime() + tokens.expires_in * 1000))})`
      : 'no expires_in';
  return [
    `  token_type     ${tokens.token_type}`,
    `  access_token   ${fingerprint(tokens.access_token)}, ${expiry}`,
    `  id_token       ${tokens.id_token ? `${fingerprint(tokens.id_token)}, for ${describeUser(claims)}` : 'none'}`,
    `  refresh_token  ${tokens.refresh_token ? `yes, ${fingerprint(tokens.refresh_token)}` : noRefreshToken}`,
    `  scope          ${tokens.scope ?? '(not returned)'}`,
  ];
}
