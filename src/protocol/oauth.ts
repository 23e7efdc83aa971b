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

/** Sec-Fetch-Storage-Access (Storage Access headers): no grant, granted but unused, in use. */
export type StorageAccessHeader = 'none' | 'inactive' | 'active';

/** What the probe's frame found out about the Storage Access API, for the diagnosis. */
export interface StorageAccessReport {
  /** The header on the request that the probe page answered (null: the browser sent none). */
  header: StorageAccessHeader | null;
  /**
   * The header on the probe's first request, before any retry (null: none sent). `inactive`
   * here and `active` in `header`: the server's retry answer let the cookie in.
   */
  first: StorageAccessHeader | null;
  /** Whether `document.requestStorageAccess` exists in the frame (a grant can be asked for). */
  api: boolean;
  /** The frame's `navigator.permissions` state for 'storage-access' ('unknown': not queryable). */
  permission: 'granted' | 'prompt' | 'denied' | 'unknown';
}

export interface CookieProbeMessage {
  type: typeof COOKIE_PROBE_MESSAGE_TYPE;
  cookies: boolean;
  storageAccess: StorageAccessReport;
}

/**
 * The server's storage access grant page: frame `${issuer}storage-access?origin=<web origin>`
 * visibly; its button calls `document.requestStorageAccess()` and it posts the outcome to that
 * origin. A grant lets the server's hidden frames have its cookies under that top-level site.
 */
export const STORAGE_ACCESS_GRANT_PATH = '/storage-access';
export const STORAGE_ACCESS_GRANT_MESSAGE_TYPE = 'storage_access_grant';
export const STORAGE_ACCESS_GRANT_OUTCOMES = ['granted', 'denied', 'not_supported'] as const;
export type StorageAccessGrantOutcome = (typeof STORAGE_ACCESS_GRANT_OUTCOMES)[number];

export interface StorageAccessGrantMessage {
  type: typeof STORAGE_ACCESS_GRANT_MESSAGE_TYPE;
  outcome: StorageAccessGrantOutcome;
}

/** The scope that asks for a refresh token; dropped silently wherever none may be issued. */
export const OFFLINE_ACCESS_SCOPE = 'offline_access';
