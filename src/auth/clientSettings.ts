import {
  apiAudienceFor,
  DEFAULT_PORTS,
  DEMO_API_SCOPES,
  issuerFor,
  originOf,
  SPA_CLIENT_ID,
  SPA_PATHS,
} from '../protocol/defaults.ts';

declare global {
  interface Window {
    /** Runtime settings, set by /config.js before the app loads. */
    __SILENT_AUTH_LAB__?: unknown;
  }
}

/** The two hidden-frame transports (a redirect page, or web_message). */
export const FRAME_TRANSPORTS = ['iframe', 'web_message'] as const;
export type FrameTransportName = (typeof FRAME_TRANSPORTS)[number];

/**
 * How a renewal travels: one of the hidden-frame transports, or FedCM (the browser asks the
 * server for the account and re-authenticates silently; Chromium only, see fedcmCredential.ts).
 */
export const SILENT_TRANSPORTS = ['iframe', 'web_message', 'fedcm'] as const;
export type SilentTransportName = (typeof SILENT_TRANSPORTS)[number];

/**
 * `code`: authorization code + PKCE. `implicit`: the legacy, deprecated implicit flow (tokens in
 * the URL fragment), kept to show it next to the code flow; it renews by web_message only.
 */
export const SIGN_IN_MODES = ['code', 'implicit'] as const;
export type SignInMode = (typeof SIGN_IN_MODES)[number];

/** What /config.js may set; every field is optional and falls back to the defaults. */
export interface RuntimeSettings {
  authority: string;
  clientId: string;
  audience: string;
  scope: string;
  apiUrl: string;
  /** Authorization code + PKCE, or the deprecated implicit flow. */
  signInMode: SignInMode;
  /** How silent renewal reaches the authorization server. */
  silentTransport: SilentTransportName;
  /** Renew this many seconds before the access token expires (never before half its lifetime). */
  renewBeforeExpirySeconds: number;
  /** Give up on one silent renewal after this many seconds. */
  silentTimeoutSeconds: number;
  /** DPoP (RFC 9449): the code flow's tokens bound to this browser's key. Implicit cannot. */
  dpop: boolean;
}

/** Runtime settings plus the URLs the SPA registers, derived from its own origin. */
export interface ClientSettings extends RuntimeSettings {
  /** The authority written as an issuer (trailing slash), to compare with `iss`. */
  issuer: string;
  spaOrigin: string;
  redirectUri: string;
  silentRedirectUri: string;
  postLogoutRedirectUri: string;
}

export const DEFAULT_RUNTIME_SETTINGS: RuntimeSettings = {
  authority: issuerFor(originOf(DEFAULT_PORTS.auth)),
  clientId: SPA_CLIENT_ID,
  audience: apiAudienceFor(originOf(DEFAULT_PORTS.api)),
  scope: ['openid', 'profile', 'email', ...DEMO_API_SCOPES].join(' '),
  apiUrl: originOf(DEFAULT_PORTS.api),
  signInMode: 'code',
  silentTransport: 'iframe',
  renewBeforeExpirySeconds: 60,
  silentTimeoutSeconds: 10,
  dpop: true,
};

export const SETTINGS_SOURCE = 'window.__SILENT_AUTH_LAB__ (set by /config.js)';

/** Bad runtime settings: the app cannot start and says exactly which setting is wrong. */
export class ClientSettingsError extends Error {
  override readonly name = 'ClientSettingsError';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid runtime settings in ${SETTINGS_SOURCE}: ${problems.join('; ')}`);
  }
}

type Check = (value: unknown) => string | null;

const isHttpUrl: Check = (value) => {
  if (typeof value !== 'string' || value.trim() === '') return 'must be a non-empty string';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `must be an absolute URL, got ${JSON.stringify(value)}`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `must be an http(s) URL, got ${JSON.stringify(value)}`;
  }
  if (url.search || url.hash)
    return `must not have a query or fragment, got ${JSON.stringify(value)}`;
  return null;
};

const isNonEmptyString: Check = (value) =>
  typeof value === 'string' && value.trim() !== '' ? null : 'must be a non-empty string';

const isScope: Check = (value) => {
  const problem = isNonEmptyString(value);
  if (problem) return problem;
  const scopes = String(value).split(/\s+/);
  if (!scopes.includes('openid')) return 'must include "openid"';
  // The whole point of the lab: a browser app never asks for (or holds) a refresh token.
  if (scopes.includes('offline_access')) {
    return 'must not include "offline_access": this SPA never requests a refresh token';
  }
  return null;
};

const isSeconds =
  (min: number, max: number): Check =>
  (value) =>
    typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max
      ? null
      : `must be a number of seconds from ${min} to ${max}, got ${JSON.stringify(value)}`;

const isOneOf =
  (choices: readonly string[]): Check =>
  (value) =>
    (choices as readonly unknown[]).includes(value)
      ? null
      : `must be one of ${choices.map((name) => `"${name}"`).join(', ')}, got ${JSON.stringify(value)}`;

const isBoolean: Check = (value) =>
  typeof value === 'boolean' ? null : `must be true or false, got ${JSON.stringify(value)}`;

const CHECKS: { [K in keyof RuntimeSettings]: Check } = {
  authority: isHttpUrl,
  clientId: isNonEmptyString,
  audience: isNonEmptyString,
  scope: isScope,
  apiUrl: isHttpUrl,
  signInMode: isOneOf(SIGN_IN_MODES),
  silentTransport: isOneOf(SILENT_TRANSPORTS),
  renewBeforeExpirySeconds: isSeconds(0, 86_400),
  silentTimeoutSeconds: isSeconds(1, 120),
  dpop: isBoolean,
};

/**
 * Reads the runtime settings (normally `window.__SILENT_AUTH_LAB__`), fills in defaults and
 * derives the SPA's own URLs from `spaOrigin`. Throws {@link ClientSettingsError} listing every
 * problem, so a wrong /config.js is reported at start rather than as a confusing OAuth error.
 */
export function readClientSettings(raw: unknown, spaOrigin: string): ClientSettings {
  if (raw !== undefined && raw !== null && (typeof raw !== 'object' || Array.isArray(raw))) {
    throw new ClientSettingsError([`expected an object, got ${describeType(raw)}`]);
  }
  const given = (raw ?? {}) as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(given)) {
    if (!(key in CHECKS)) {
      problems.push(`unknown setting "${key}" (known: ${Object.keys(CHECKS).join(', ')})`);
    }
  }
  const settings: Record<string, unknown> = { ...DEFAULT_RUNTIME_SETTINGS };
  for (const [key, check] of Object.entries(CHECKS)) {
    const value = given[key];
    if (value === undefined) continue;
    const problem = check(value);
    if (problem) problems.push(`"${key}" ${problem}`);
    else settings[key] = typeof value === 'string' ? value.trim() : value;
  }
  if (problems.length > 0) throw new ClientSettingsError(problems);

  const runtime = settings as unknown as RuntimeSettings;
  // checkSession answers by web_message only: the silent callback page belongs to the code flow.
  if (runtime.signInMode === 'implicit') runtime.silentTransport = 'web_message';
  const origin = new URL(spaOrigin).origin;
  return {
    ...runtime,
    apiUrl: runtime.apiUrl.replace(/\/+$/, ''),
    issuer: issuerFor(runtime.authority),
    spaOrigin: origin,
    redirectUri: `${origin}${SPA_PATHS.callback}`,
    silentRedirectUri: `${origin}${SPA_PATHS.silentCallback}`,
    postLogoutRedirectUri: `${origin}${SPA_PATHS.postLogout}`,
  };
}

function describeType(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? `the string ${JSON.stringify(value)}` : typeof value;
}
