import type { AuthFailure } from '../auth/authFailure.ts';
import { diagnoseUnansweredFrame } from '../auth/hiddenFrameWindow.ts';
import { checkFrameMessage, type SilentTransport } from '../auth/silentTransport.ts';

export interface HiddenFrameRequest {
  url: string;
  /** The state of this request: an answer carrying another one is not ours. */
  state: string;
  transport: SilentTransport;
  timeoutMs: number;
  /** After the frame loaded without answering, how long to wait before diagnosing. */
  loadGraceMs?: number;
  isServerReachable: () => Promise<boolean>;
  window: Window;
  document: Document;
  now: () => number;
}

export type HiddenFrameResult =
  | {
      answered: true;
      /** The answer as a callback URL (see SilentTransport.readResponse). */
      callbackUrl: string;
      message: { origin: string; data: unknown };
      durationMs: number;
    }
  | { answered: false; failure: Omit<AuthFailure, 'error'>; durationMs: number };

/**
 * One prompt=none request in a hidden iframe for a lab experiment, on the auth core's own parts:
 * the transports, {@link checkFrameMessage} (source window, origin, state) and
 * {@link diagnoseUnansweredFrame}. Give it a {@link FrameHost}'s window and document, so that the
 * answer is posted there and not to the app's window.
 */
export function runHiddenFrameRequest({
  url,
  state,
  transport,
  timeoutMs,
  loadGraceMs = 500,
  isServerReachable,
  window,
  document,
  now,
}: HiddenFrameRequest): Promise<HiddenFrameResult> {
  const startedAt = now();
  const frame = document.createElement('iframe');
  frame.title = 'Lab experiment (hidden)';
  frame.setAttribute('aria-hidden', 'true');
  frame.tabIndex = -1;
  frame.style.cssText =
    'position:fixed;left:-1000px;top:0;width:0;height:0;border:0;visibility:hidden';
  document.body.appendChild(frame);
  const frameWindow = frame.contentWindow;

  return new Promise<HiddenFrameResult>((resolve) => {
    const timers = new Set<ReturnType<typeof setTimeout>>();
    let settled = false;
    const finish = (result: HiddenFrameResult) => {
      if (settled) return;
      settled = true;
      for (const timer of timers) clearTimeout(timer);
      window.removeEventListener('message', onMessage);
      frame.removeEventListener('load', onLoad);
      frame.remove();
      resolve(result);
    };
    const fail = (failure: Omit<AuthFailure, 'error'>) =>
      finish({ answered: false, failure, durationMs: now() - startedAt });

    const onMessage = (event: MessageEvent) => {
      const verdict = checkFrameMessage(
        { origin: event.origin, source: event.source, data: event.data },
        { transport, frameWindow, state },
      );
      if (!verdict?.accept) return;
      finish({
        answered: true,
        callbackUrl: verdict.callbackUrl,
        message: { origin: event.origin, data: event.data },
        durationMs: now() - startedAt,
      });
    };
    const onLoad = () => {
      const href = readSameOriginHref(frame);
      if (href === 'about:blank') return;
      timers.add(
        setTimeout(() => {
          void diagnoseUnansweredFrame(href, isServerReachable).then(fail);
        }, loadGraceMs),
      );
    };
    window.addEventListener('message', onMessage);
    frame.addEventListener('load', onLoad);
    timers.add(
      setTimeout(
        () =>
          fail({
            reason: 'timeout',
            description: `No answer from the hidden frame within ${timeoutMs} ms`,
          }),
        timeoutMs,
      ),
    );
    frameWindow?.location.replace(url);
  });
}

/**
 * A hidden, blank frame of our own origin to hold an experiment's frames. Silent answers are
 * posted to the frame's parent: nested here, they reach this host's window instead of the app's,
 * whose listener would (rightly) refuse every lab answer as one it never asked for and fill the
 * session timeline with them. Every ancestor is still this origin, so the server's
 * frame-ancestors policy and the browser's third-party cookie rules see exactly what they see
 * for the app's own frames.
 */
export interface FrameHost {
  window: Window;
  document: Document;
  remove(): void;
}

export function openFrameHost(document: Document): FrameHost {
  const host = document.createElement('iframe');
  host.title = 'Lab experiments (hidden)';
  host.setAttribute('aria-hidden', 'true');
  host.tabIndex = -1;
  host.style.cssText =
    'position:fixed;left:-1000px;top:0;width:0;height:0;border:0;visibility:hidden';
  document.body.appendChild(host);
  const window = host.contentWindow;
  const inner = host.contentDocument;
  if (!window || !inner?.body) {
    host.remove();
    throw new Error('Could not open a blank frame for the experiment');
  }
  return { window, document: inner, remove: () => host.remove() };
}

function readSameOriginHref(frame: HTMLIFrameElement): string | null {
  try {
    return frame.contentWindow?.location.href ?? null;
  } catch {
    return null;
  }
}

/**
 * Is the authorization server up? A no-cors request that resolves (opaque) means it answered;
 * used to tell "refused to be framed" from "down" (as the app does).
 */
export function serverReachability(
  metadataUrl: string,
  fetchImpl: typeof fetch,
): () => Promise<boolean> {
  return async () => {
    try {
      await fetchImpl(metadataUrl, {
        mode: 'no-cors',
        cache: 'no-store',
        signal: AbortSignal.timeout(1_500),
      });
      return true;
    } catch {
      return false;
    }
  };
}
