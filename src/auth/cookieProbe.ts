import { issuerFor } from '../protocol/defaults.ts';
import {
  COOKIE_PROBE_MESSAGE_TYPE,
  COOKIE_PROBE_PATH,
  type StorageAccessReport,
} from '../protocol/oauth.ts';
import type { AuthFailure } from './authFailure.ts';
import { createHiddenFrame, type FrameAnswer, HiddenFrame } from './hiddenFrame.ts';
import { type StorageAccessStatus, storageAccessStatusOf } from './storageAccessStatus.ts';

/** What the cookie probe found: did the server's cookie come back, and by storage access? */
export interface CookieProbeResult {
  /** false: the browser kept the server's cookie out of the frame (third-party cookies blocked). */
  cookies: boolean;
  storageAccess: StorageAccessStatus;
}

/** The cookie probe's answer, awaited from the server's origin. */
export function cookieProbeAnswer(authority: string): FrameAnswer<CookieProbeResult> {
  return {
    kind: 'a cookie probe answer',
    read: (data) => {
      const answer = data as { type?: unknown; cookies?: unknown; storageAccess?: unknown } | null;
      if (answer?.type !== COOKIE_PROBE_MESSAGE_TYPE || typeof answer.cookies !== 'boolean') {
        return null;
      }
      // Read field by field, by exact values: whatever else the page sent counts for nothing.
      const report = answer.storageAccess as Partial<StorageAccessReport> | null | undefined;
      return {
        cookies: answer.cookies,
        storageAccess: storageAccessStatusOf(answer.cookies, report ?? undefined),
      };
    },
    origin: new URL(authority).origin,
  };
}

export interface CookieProbeOptions {
  authority: string;
  spaOrigin: string;
  /**
   * A backstop only: the probe page posts while it loads, and a frame that loads without
   * answering ends the probe at once (HiddenFrame's load check). So this bounds a frame that
   * never loads, and is generous: a busy machine must not turn blocked cookies into "no session".
   */
  timeoutMs?: number;
  document?: Document;
  window?: Window;
}

/**
 * Asks the authorization server, from a hidden frame like the one silent renewal uses, whether
 * its cookies reach it there. Resolves null when the probe cannot tell (its page did not answer).
 */
export async function probeThirdPartyCookies({
  authority,
  spaOrigin,
  timeoutMs = 5_000,
  document = globalThis.document,
  window = globalThis.window,
}: CookieProbeOptions): Promise<CookieProbeResult | null> {
  const probeUrl = `${issuerFor(authority)}${COOKIE_PROBE_PATH.replace(/^\//, '')}?origin=${encodeURIComponent(spaOrigin)}`;
  const frame = new HiddenFrame<CookieProbeResult>({
    timeoutMs,
    listenOn: window,
    frames: {
      take: () => createHiddenFrame(document, 'Cookie probe'),
      discard: (used) => used.remove(),
    },
  });
  const outcome = await frame.navigate(probeUrl, cookieProbeAnswer(authority));
  return outcome.decidedBy === 'message' ? outcome.answer : null;
}

/**
 * How to probe: where (the probe runs on a failure only, so its code loads then), or a function
 * that answers (tests, or a page with a probe of its own).
 */
export type CookieProbe = CookieProbeOptions | (() => Promise<CookieProbeResult | null>);

/**
 * `login_required` from a silent request means "no session" — unless the browser kept the
 * server's cookie out of the frame. Then the user may well have a session, and the honest
 * reason is the blocked cookies (the fix is a top-level sign-in or, where the browser can ask,
 * a storage access grant — not "you were logged out").
 */
export async function diagnoseLoginRequired(
  failure: AuthFailure,
  probeCookies: CookieProbe,
): Promise<AuthFailure> {
  if (failure.reason !== 'login_required') return failure;
  const probe = await (typeof probeCookies === 'function'
    ? probeCookies()
    : probeThirdPartyCookies(probeCookies));
  if (probe === null || probe.cookies) return failure;
  return {
    reason: 'third_party_cookies_blocked',
    error: failure.error,
    decidedBy: 'cookie_probe',
    storageAccess: probe.storageAccess,
    description:
      'The authorization server answered login_required because the browser did not send its cookies to the hidden frame (third-party cookies are blocked)',
  };
}
