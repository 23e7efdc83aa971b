/**
 * The issuer is the origin the request reached us at, if the config allows it, else the first
 * allowed issuer: the same server is both http://localhost:4400/ and http://127.0.0.1:4400/.
 */
export function selectIssuer(allowedIssuers: readonly string[], requestUrl: string): string {
  // Request URLs arrive normalised, so the origin is the text up to the path's slash; only a
  // miss is parsed properly (a URL with credentials, say), on every request it would cost.
  const cut = requestUrl.indexOf('/', requestUrl.indexOf('//') + 2);
  const quick = cut < 0 ? `${requestUrl}/` : requestUrl.slice(0, cut + 1);
  if (allowedIssuers.includes(quick)) return quick;
  const candidate = `${new URL(requestUrl).origin}/`;
  if (allowedIssuers.includes(candidate)) return candidate;
  const [first] = allowedIssuers;
  if (first === undefined) throw new Error('No issuer configured');
  return first;
}

/** Every access token's audience includes it when `openid` is granted: one string, not a table. */
export const userinfoEndpoint = (issuer: string): string => `${issuer}userinfo`;

/** Endpoint URLs under an issuer (which ends with a slash, Auth0 style). */
export const endpointsFor = (issuer: string) => ({
  authorization: `${issuer}authorize`,
  token: `${issuer}oauth/token`,
  userinfo: userinfoEndpoint(issuer),
  jwks: `${issuer}.well-known/jwks.json`,
  endSession: `${issuer}oidc/logout`,
  logout: `${issuer}v2/logout`,
  revocation: `${issuer}oauth/revoke`,
  deviceAuthorization: `${issuer}oauth/device/code`,
  activate: `${issuer}activate`,
  delegation: `${issuer}delegation`,
});
