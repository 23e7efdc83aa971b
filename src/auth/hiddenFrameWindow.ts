import type { IWindow, NavigateParams, NavigateResponse } from 'oidc-client-ts';
import type { AuthFailure } from './authFailure.ts';
import {
  checkFrameMessage,
  type FrameMessage,
  SilentRenewalError,
  type SilentTransport,
} from './silentTransport.ts';

export interface HiddenFrameWindowOptions {
  transport: SilentTransport;
  /** Give up after this long without an answer. */
  timeoutMs: number;
  /**
   * After the frame has loaded without an answer, wait this long before diagnosing: a page
   * that answers posts its message while loading, so the message is at most a task behind.
   */
  loadGraceMs?: number;
  /** Whether the authorization server answers at all (to tell "down" from "refused framing"). */
  isServerReachable: () => Promise<boolean>;
  onIgnoredMessage: (reason: string) => void;
  /** Where the frame comes from (default: {@link freshHiddenFrames} in `document`). */
  frames?: HiddenFrames;
  document?: Document;
}

/**
 * oidc-client-ts `IWindow` for one prompt=none request in a hidden iframe, answered through a
 * {@link SilentTransport}. Unlike oidc-client-ts's own IFrameWindow (which accepts a message
 * whose source *or* state matches, and only ever times out), it requires every check of
 * {@link checkFrameMessage} and diagnoses a frame that loaded without answering within
 * `loadGraceMs` instead of waiting for the timeout. Messages reach it through
 * {@link HiddenFrameWindow.receive}, from the one listener its owner keeps on the window.
 */
export class HiddenFrameWindow implements IWindow {
  private readonly options: Required<Omit<HiddenFrameWindowOptions, 'frames' | 'document'>>;
  private readonly frames: HiddenFrames;
  private frame: HTMLIFrameElement | null = null;
  private pending: {
    state: string;
    frameWindow: Window | null;
    accept: (callbackUrl: string) => void;
    abort: (error: Error) => void;
  } | null = null;

  constructor(options: HiddenFrameWindowOptions) {
    const { frames, document, ...rest } = options;
    this.options = { loadGraceMs: 500, ...rest };
    this.frames = frames ?? freshHiddenFrames(document ?? globalThis.document);
  }

  /** Is a request waiting for its answer? */
  get isWaiting(): boolean {
    return this.pending !== null;
  }

  /**
   * Hands a window message to the request under way; refused answers are reported, not used.
   * False when it is no answer of this transport (or nothing waits), for the caller to judge.
   */
  receive(message: FrameMessage): boolean {
    const { pending } = this;
    if (!pending) return false;
    const verdict = checkFrameMessage(message, {
      transport: this.options.transport,
      frameWindow: pending.frameWindow,
      state: pending.state,
    });
    if (verdict === null) return false;
    if (verdict.accept) pending.accept(verdict.callbackUrl);
    else this.options.onIgnoredMessage(verdict.reason);
    return true;
  }

  navigate(params: NavigateParams): Promise<NavigateResponse> {
    const { timeoutMs, loadGraceMs, isServerReachable } = this.options;
    const frame = this.frames.take();
    this.frame = frame;

    return new Promise<NavigateResponse>((resolve, reject) => {
      const timers = new Set<ReturnType<typeof setTimeout>>();
      const later = (ms: number, run: () => void) => timers.add(setTimeout(run, ms));

      const settle = (finish: () => void) => {
        if (!this.pending) return;
        this.pending = null;
        for (const timer of timers) clearTimeout(timer);
        frame.removeEventListener('load', onLoad);
        this.close();
        finish();
      };
      const fail = (failure: Omit<AuthFailure, 'error'>) =>
        settle(() => reject(new SilentRenewalError({ error: null, ...failure })));

      const onLoad = () => {
        const href = readSameOriginHref(frame);
        if (href === 'about:blank') return;
        later(loadGraceMs, () => {
          void diagnoseUnansweredFrame(href, isServerReachable).then((failure) => fail(failure));
        });
      };

      this.pending = {
        state: params.state ?? '',
        frameWindow: frame.contentWindow,
        accept: (url) => settle(() => resolve({ url })),
        abort: (error) => settle(() => reject(error)),
      };
      frame.addEventListener('load', onLoad);
      later(timeoutMs, () =>
        fail({
          reason: 'timeout',
          description: `No answer from the hidden frame within ${timeoutMs} ms`,
        }),
      );
      // replace(): the frame's navigation must not add an entry to the tab's history.
      frame.contentWindow?.location.replace(params.url);
    });
  }

  close(): void {
    if (this.frame) this.frames.discard(this.frame);
    this.frame = null;
    this.pending?.abort(new Error('The silent sign-in was cancelled'));
  }
}

/** Where a {@link HiddenFrameWindow} gets its frame (in the page, at about:blank) and leaves it. */
export interface HiddenFrames {
  take(): HTMLIFrameElement;
  /** The request is over (answered, failed or cancelled): the frame goes. */
  discard(frame: HTMLIFrameElement): void;
}

/** A new frame for each request, made when it starts and removed when it ends. */
export const freshHiddenFrames = (document: Document): HiddenFrames => ({
  take: () => createHiddenFrame(document),
  discard: (frame) => frame.remove(),
});

/**
 * Hidden frames with the frame chores done between requests instead of during them. Making a
 * frame (its window, its first document, a round trip to the browser process) costs about as
 * much as the frame's navigation, and removing one a few ms more: the spare is made, and the
 * used frames removed, by {@link SpareHiddenFrames.between} once the request's tokens are in.
 * Each frame still serves one request only — a fresh window every time.
 */
export class SpareHiddenFrames implements HiddenFrames {
  private spare: HTMLIFrameElement | null = null;
  private used: HTMLIFrameElement[] = [];

  constructor(private readonly document: Document) {}

  take(): HTMLIFrameElement {
    const frame = this.spare?.isConnected ? this.spare : createHiddenFrame(this.document);
    this.spare = null;
    return frame;
  }

  discard(frame: HTMLIFrameElement): void {
    this.used.push(frame);
  }

  /** After a request: in a task of its own, removes the used frames and makes the spare. */
  between(): void {
    setTimeout(() => {
      for (const frame of this.used.splice(0)) frame.remove();
      if (!this.spare?.isConnected) this.spare = createHiddenFrame(this.document);
    }, 0);
  }
}

/**
 * The page's one listener for silent answers, kept for its lifetime so that answers arriving
 * when no renewal waits for them (late, duplicated, forged) are seen and counted too. A message
 * in the shape of one of `transports` goes to the frame under way (`current()`), which accepts
 * or refuses it; any other answer is reported to `onIgnoredMessage`. Other messages pass by.
 */
export function listenForFrameAnswers(
  target: Pick<Window, 'addEventListener'> | undefined,
  {
    transports,
    current,
    onIgnoredMessage,
  }: {
    transports: readonly SilentTransport[];
    current: () => HiddenFrameWindow | null;
    onIgnoredMessage: (reason: string) => void;
  },
): void {
  target?.addEventListener('message', (event) => {
    const { origin, source, data } = event as MessageEvent;
    if (!transports.some((transport) => transport.readResponse(data) !== null)) return;
    const frame = current();
    if (frame?.receive({ origin, source, data })) return;
    onIgnoredMessage(
      frame?.isWaiting
        ? 'an authorization response in the shape of the other transport'
        : 'an authorization response while no silent sign-in was waiting for one',
    );
  });
}

/**
 * Whether the authorization server at `issuer` answers at all (any answer, even opaque, within
 * 1.5 s): what tells "server down" from "refused to be framed" for a silent frame.
 */
export async function isServerReachable(
  issuer: string,
  fetchImpl: typeof fetch = (...args) => globalThis.fetch(...args),
): Promise<boolean> {
  try {
    await fetchImpl(`${issuer}.well-known/openid-configuration`, {
      mode: 'no-cors',
      cache: 'no-store',
      signal: AbortSignal.timeout(1_500),
    });
    return true;
  } catch {
    return false;
  }
}

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

function createHiddenFrame(document: Document): HTMLIFrameElement {
  const frame = document.createElement('iframe');
  frame.title = 'Silent authentication';
  frame.setAttribute('aria-hidden', 'true');
  frame.tabIndex = -1;
  frame.style.cssText =
    'position:fixed;left:-1000px;top:0;width:0;height:0;border:0;visibility:hidden';
  document.body.appendChild(frame);
  return frame;
}

/** The frame's URL when it shows one of our pages; null when another origin's (or an error page). */
function readSameOriginHref(frame: HTMLIFrameElement): string | null {
  try {
    return frame.contentWindow?.location.href ?? null;
  } catch {
    return null;
  }
}
