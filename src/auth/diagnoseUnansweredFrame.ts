import type { AuthFailure } from './authFailure.ts';

/**
 * Why a hidden frame loaded but never answered. Our own page (`frameHref` readable) that did
 * not post is a broken silent callback page; a page we cannot read is the server's: if the
 * server answers at all, it refused to be framed (Chromium shows its error page, which is
 * cross-origin too) or showed a page that needs the user; if not, it is down.
 */
export async function diagnoseUnansweredFrame(
  frameHref: string | null,
  isServerReachable: () => Promise<boolean>,
): Promise<Omit<AuthFailure, 'error'>> {
  if (frameHref !== null) {
    return {
      reason: 'invalid_response',
      description: `The hidden frame loaded ${frameHref.split(/[?#]/)[0]} but no authorization response came from it`,
    };
  }
  if (!(await isServerReachable())) {
    return {
      reason: 'network_error',
      description: 'The authorization server could not be reached',
    };
  }
  return {
    reason: 'frame_blocked',
    description:
      "The authorization server's page loaded in the hidden frame without answering: it refused to be framed (CSP frame-ancestors / X-Frame-Options) or wanted interaction",
  };
}
