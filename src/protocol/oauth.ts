/** Protocol words used by both sides (RFC 6749, OIDC Core, Auth0's web_message mode). */

export const AUTHORIZATION_RESPONSE_MESSAGE_TYPE = 'authorization_response';

export const SILENT_AUTH_ERRORS = [
  'login_required',
  'consent_required',
  'interaction_required',
] as const;
export type SilentAuthError = (typeof SILENT_AUTH_ERRORS)[number];

export const isSilentAuthError = (value: unknown): value is SilentAuthError =>
  typeof value === 'string' && (SILENT_AUTH_ERRORS as readonly string[]).includes(value);

export const GRANT_TYPES = {
  authorizationCode: 'authorization_code',
  refreshToken: 'refresh_token',
  password: 'password',
  clientCredentials: 'client_credentials',
  deviceCode: 'urn:ietf:params:oauth:grant-type:device_code',
  jwtBearer: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
} as const;

export const RESPONSE_MODES = ['query', 'fragment', 'form_post', 'web_message'] as const;
export type ResponseMode = (typeof RESPONSE_MODES)[number];

/** The body a web_message response page posts to its parent window. */
export interface AuthorizationResponseMessage {
  type: typeof AUTHORIZATION_RESPONSE_MESSAGE_TYPE;
  response: Record<string, string>;
}

/**
 * The server's third-party-cookie probe: frame `${issuer}cookie-probe?origin=<web origin>`; it
 * posts `{type: 'cookie_probe', cookies}` to that origin, `cookies` false when the browser
 * refused the server's cookies in that frame (a login_required then means "cookies blocked").
 */
export const COOKIE_PROBE_PATH = '/cookie-probe';
export const COOKIE_PROBE_MESSAGE_TYPE = 'cookie_probe';

export interface CookieProbeMessage {
  type: typeof COOKIE_PROBE_MESSAGE_TYPE;
  cookies: boolean;
}

/** The scope that asks for a refresh token; dropped silently wherever none may be issued. */
export const OFFLINE_ACCESS_SCOPE = 'offline_access';
