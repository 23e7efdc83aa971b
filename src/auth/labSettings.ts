import { issuerFor, UNFRAMEABLE_SPA_CLIENT_ID } from '../protocol/defaults.ts';
import {
  DEFAULT_RUNTIME_SETTINGS,
  SIGN_IN_MODES,
  SILENT_TRANSPORTS,
  type SignInMode,
  type SilentTransportName,
} from './clientSettings.ts';

/** The same authorization server, same-site to the SPA or (reached by IP) cross-site. */
export const AUTH_HOSTS = ['localhost', '127.0.0.1'] as const;
export type AuthHost = (typeof AUTH_HOSTS)[number];

/** The configured client, or its seeded twin without a web origin (cannot be framed). */
export const CLIENT_CHOICES = ['normal', 'unframeable'] as const;
export type ClientChoice = (typeof CLIENT_CHOICES)[number];

/** DPoP-bound tokens (the default) or plain bearer tokens, for the code flow. */
export const DPOP_CHOICES = ['on', 'off'] as const;
export type DpopChoice = (typeof DPOP_CHOICES)[number];

/** What a person tries out in this tab, over the runtime settings of /config.js. */
export interface LabSettings {
  signInMode?: SignInMode;
  silentTransport?: SilentTransportName;
  authHost?: AuthHost;
  client?: ClientChoice;
  dpop?: DpopChoice;
}

const KEY = 'silent-auth-lab.settings';

const CHOICES: { [K in keyof LabSettings]-?: readonly unknown[] } = {
  signInMode: SIGN_IN_MODES,
  silentTransport: SILENT_TRANSPORTS,
  authHost: AUTH_HOSTS,
  client: CLIENT_CHOICES,
  dpop: DPOP_CHOICES,
};

/** This tab's choices (sessionStorage: per tab, kept across reloads); unknown values dropped. */
export function readLabSettings(storage: Pick<Storage, 'getItem'>): LabSettings {
  let stored: Record<string, unknown> = {};
  try {
    stored = Object(JSON.parse(storage.getItem(KEY) ?? '{}'));
  } catch {}
  return Object.fromEntries(
    Object.entries(CHOICES).flatMap(([name, values]) =>
      values.includes(stored[name]) ? [[name, stored[name]]] : [],
    ),
  );
}

/** Adds `changes` to this tab's choices. */
export function saveLabSettings(
  storage: Pick<Storage, 'getItem' | 'setItem'>,
  changes: LabSettings,
) {
  storage.setItem(KEY, JSON.stringify({ ...readLabSettings(storage), ...changes }));
}

/**
 * The runtime settings with this tab's choices applied: the sign-in flow, the silent transport,
 * the authority on the chosen host (same port), the unframeable client, DPoP on or off. Settings that are not
 * an object are left for the check.
 */
export function withLabSettings(raw: unknown, lab: LabSettings): unknown {
  if (raw !== undefined && (typeof raw !== 'object' || Array.isArray(raw))) return raw;
  const settings: Record<string, unknown> = { ...(raw as object) };
  if (lab.signInMode) settings.signInMode = lab.signInMode;
  if (lab.silentTransport) settings.silentTransport = lab.silentTransport;
  if (lab.client === 'unframeable') settings.clientId = UNFRAMEABLE_SPA_CLIENT_ID;
  if (lab.dpop) settings.dpop = lab.dpop === 'on';
  const authority = String(settings.authority ?? DEFAULT_RUNTIME_SETTINGS.authority);
  if (lab.authHost && URL.canParse(authority)) {
    const url = new URL(authority);
    url.hostname = lab.authHost;
    settings.authority = issuerFor(url.origin);
  }
  return settings;
}
