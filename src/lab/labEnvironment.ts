import type { AuthStore } from '../auth/authStore.ts';
import type { ClientSettings } from '../auth/clientSettings.ts';

/** The app's settings an experiment may read (it never changes them). */
export type LabClientSettings = Pick<
  ClientSettings,
  | 'authority'
  | 'issuer'
  | 'clientId'
  | 'audience'
  | 'scope'
  | 'spaOrigin'
  | 'silentRedirectUri'
  | 'silentTimeoutSeconds'
  | 'apiUrl'
  | 'signInMode'
>;

/** What an experiment runs with: the app's settings and store, and the browser. */
export interface LabEnvironment {
  settings: LabClientSettings;
  /** The app's auth store: read for the session; only experiments 5 and 8 act on it. */
  auth: AuthStore;
  window: Window;
  document: Document;
  fetch: typeof fetch;
  now: () => number;
}

/** `${issuer}path` for an authority written with or without its trailing slash. */
export const endpointOf = (authority: string, path: string): string =>
  `${authority.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;

/** The same authorization server on another host name (same scheme and port). */
export function authorityOnHost(authority: string, hostname: string): string {
  const url = new URL(authority);
  url.hostname = hostname;
  return `${url.origin}/`;
}
