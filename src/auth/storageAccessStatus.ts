import type { StorageAccessReport } from '../protocol/oauth.ts';

/**
 * What the Storage Access API can do for the server's hidden frames here, as the cookie probe
 * found it:
 * - `active`: the cookies came back through a grant (`Sec-Fetch-Storage-Access: active`);
 * - `granted_not_active`: the person granted it, yet the cookies stayed out (a browser without
 *   the Storage Access headers, such as Safari, uses a grant only in a document that asks for it
 *   after a click: a hidden frame cannot);
 * - `grantable`: blocked, and the browser can ask the person (the API is there, not yet asked);
 * - `denied`: blocked, and the browser already refused (asking again shows nothing);
 * - `no_api`: blocked, with no API to ask;
 * - `not_needed`: the cookies reach the frame without it (same site, or third-party cookies on).
 */
export type StorageAccessStatus =
  | 'active'
  | 'granted_not_active'
  | 'grantable'
  | 'denied'
  | 'no_api'
  | 'not_needed';

/** The probe's answer read into a status; an older server sends no report (`undefined`). */
export function storageAccessStatusOf(
  cookies: boolean,
  report: Partial<StorageAccessReport> | undefined,
): StorageAccessStatus {
  if (cookies) return report?.header === 'active' ? 'active' : 'not_needed';
  if (report?.api !== true) return 'no_api';
  if (report.permission === 'granted' || report.header === 'inactive') return 'granted_not_active';
  if (report.permission === 'denied') return 'denied';
  return 'grantable';
}

/** Whether the app should offer its grant button: only where the browser can ask the person. */
export const canAskForStorageAccess = (status: StorageAccessStatus | undefined): boolean =>
  status === 'grantable';
