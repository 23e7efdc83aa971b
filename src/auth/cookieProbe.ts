import { issuerFor } from '../protocol/defaults.ts';
import { COOKIE_PROBE_MESSAGE_TYPE, COOKIE_PROBE_PATH } from '../protocol/oauth.ts';
import type { AuthFailure } from './authFailure.ts';
import type { FrameMessage } from './silentTransport.ts';

/**
 * The probe's answer, if `message` is one from our probe frame: true when the server's cookie
 * came back inside the frame, false when the browser refused it (third-party cookies blocked).
 */
export function readCookieProbeMessage(
  message: FrameMessage,
  expected: { origin: string; frameWindow: unknown },
): boolean | null {
  const data = message.data as { type?: unknown; cookies?: unknown } | null;
  if (data?.type !== COOKIE_PROBE_MESSAGE_TYPE || typeof data.cookies !== 'boolean') return null;
  if (message.origin !== expected.origin) return null;
  if (message.source === null || message.source !== expected.frameWindow) return null;
  return data.cookies;
}

export interface CookieProbeOptions {
  authority: string;
  spaOrigin: string;
  /** The whole diagnosis must stay under 2 s; the probe is two tiny round trips. */
  timeoutMs?: number;
  document?: Document;
  window?: Window;
}

/**
 * Asks the authorization server, from a hidden frame like the one silent renewal uses, whether
 * its cookies reach it there. Resolves null when the probe cannot tell (no answer in time).
 */
export function probeThirdPartyCookies({
  authority,
  spaOrigin,
  timeoutMs = 1_500,
  document = globalThis.document,
  window = globalThis.window,
}: CookieProbeOptions): Promise<boolean | null> {
  const probeUrl = `${issuerFor(authority)}${COOKIE_PROBE_PATH.replace(/^\//, '')}?origin=${encodeURIComponent(spaOrigin)}`;
  const frame = document.createElement('iframe');
  frame.title = 'Cookie probe';
  frame.setAttribute('aria-hidden', 'true');
  frame.tabIndex = -1;
  frame.style.cssText =
    'position:fixed;left:-1000px;top:0;width:0;height:0;border:0;visibility:hidden';
  document.body.appendChild(frame);
  const expected = { origin: new URL(authority).origin, frameWindow: frame.contentWindow };

  return new Promise<boolean | null>((resolve) => {
    const finish = (answer: boolean | null) => {
      clearTimeout(timer);
      window.removeEventListener('message', onMessage);
      frame.remove();
      resolve(answer);
    };
    const onMessage = (event: MessageEvent) => {
      const answer = readCookieProbeMessage(event, expected);
      if (answer !== null) finish(answer);
    };
    const timer = setTimeout(() => finish(null), timeoutMs);
    window.addEventListener('message', onMessage);
    frame.contentWindow?.location.replace(probeUrl);
  });
}

/**
 * `login_required` from a silent request means "no session" — unless the browser kept the
 * server's cookie out of the frame. Then the user may well have a session, and the honest
 * reason is the blocked cookies (the fix is a top-level sign-in, not "you were logged out").
 */
export async function diagnoseLoginRequired(
  failure: AuthFailure,
  probeCookies: () => Promise<boolean | null>,
): Promise<AuthFailure> {
  if (failure.reason !== 'login_required') return failure;
  if ((await probeCookies()) !== false) return failure;
  return {
    reason: 'third_party_cookies_blocked',
    error: failure.error,
    description:
      'The authorization server answered login_required because the browser did not send its cookies to the hidden frame (third-party cookies are blocked)',
  };
}
