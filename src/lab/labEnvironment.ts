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
  | 'silentTransport'
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

/**
 * Whether two origins are the same site (scheme and registrable domain; ports do not count).
 * Approximated by the last two labels of a name (no public suffix list in the page): right for
 * loopback names, IP addresses and the lab's hosts, which is all the lab is run at.
 */
export function isSameSite(a: string, b: string): boolean {
  const [one, other] = [new URL(a), new URL(b)];
  const site = (host: string) =>
    /^[\d.]+$|^\[/.test(host) ? host : host.split('.').slice(-2).join('.');
  return one.protocol === other.protocol && site(one.hostname) === site(other.hostname);
}
