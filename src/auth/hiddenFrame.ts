import type { AuthFailure } from './authFailure.ts';

/** A window message as the hidden frame sees it. */
export interface FrameMessage {
  origin: string;
  source: unknown;
  data: unknown;
}

/**
 * What a caller waits for from its hidden frame: how to read an answer out of a message, the
 * only origin it may come from, and the caller's own check on it (the request's state…).
 */
export interface FrameAnswer<T> {
  /** What the answer is called in a refusal's reason: "an authorization response"… */
  kind: string;
  /** The answer a message's data carries; null when it is no answer of this kind at all. */
  read(data: unknown): T | null;
  origin: string;
  /** Why an answer from our frame is still not the one we wait for; null to accept it. */
  refuse?(answer: T): string | null;
}

export type FrameVerdict<T> =
  | { accept: true; answer: T }
  | { accept: false; reason: string }
  /** Not an answer of this kind (other scripts post messages too): not worth a word. */
  | null;

/**
 * The checks every answer must pass, in order: it has the answer's shape, it comes from our
 * frame's window, from the expected origin, and passes the caller's own check. Anything else —
 * forged by another frame, meant for an earlier request — is refused with the reason.
 */
export function checkFrameAnswer<T>(
  message: FrameMessage,
  expected: FrameAnswer<T>,
  frameWindow: unknown,
): FrameVerdict<T> {
  const answer = expected.read(message.data);
  if (answer === null) return null;
  if (message.source === null || message.source !== frameWindow) {
    return { accept: false, reason: `${expected.kind} from a window other than our frame` };
  }
  if (message.origin !== expected.origin) {
    return { accept: false, reason: `${expected.kind} from the wrong origin ${message.origin}` };
  }
  const refusal = expected.refuse?.(answer) ?? null;
  return refusal === null ? { accept: true, answer } : { accept: false, reason: refusal };
}

/** What ended a hidden-frame request: its answer, or why none came and what told us so. */
export type HiddenFrameOutcome<T> =
  | { decidedBy: 'message'; answer: T; message: FrameMessage }
  | {
      /** The frame loaded a page that did not answer (diagnosed after `loadGraceMs`). */
      decidedBy: 'load_without_message';
      failure: Omit<AuthFailure, 'error'>;
    }
  | { decidedBy: 'timeout'; failure: Omit<AuthFailure, 'error'> };

export interface HiddenFrameOptions {
  /** Give up after this long without an answer. */
  timeoutMs: number;
  /**
   * After the frame has loaded without an answer, wait this long before diagnosing: a page
   * that answers posts its message while loading, so the message is at most a task behind.
   */
  loadGraceMs?: number;
  /**
   * Whether the server answers at all, to tell "down" from "refused framing" for a frame that
   * loaded another origin's page without answering. Without it, that frame counts as refused.
   */
  isServerReachable?: () => Promise<boolean>;
  /** An answer of our kind that failed a check (forged, stale): reported, never used. */
  onIgnoredMessage?: (reason: string) => void;
  /**
   * The window whose messages to listen to while a request is under way. Without it, the
   * owner feeds messages through {@link HiddenFrame.receive} from a listener of its own.
   */
  listenOn?: Pick<Window, 'addEventListener' | 'removeEventListener'>;
  /** Where the frame comes from (default: {@link freshHiddenFrames} in `document`). */
  frames?: HiddenFrames;
  document?: Document;
}

/**
 * One request in a hidden iframe at a time: makes (or takes) the frame, navigates it without a
 * history entry, waits for a message that passes {@link checkFrameAnswer}, diagnoses a frame
 * that loaded without answering instead of waiting for the timeout, and removes the frame.
 * Renewal's transports, the cookie probe and the lab's experiments all go through it, so a
 * fix to how frames behave lands in one place. Like oidc-client-ts's IFrameWindow, but it
 * requires every check (IFrameWindow takes a message whose source *or* state matches) and
 * does not only ever time out.
 */
export class HiddenFrame<T> {
  private readonly options: HiddenFrameOptions & { loadGraceMs: number };
  private readonly frames: HiddenFrames;
  private frame: HTMLIFrameElement | null = null;
  private pending: {
    answer: FrameAnswer<T>;
    frameWindow: Window | null;
    accept: (answer: T, message: FrameMessage) => void;
    abort: (error: Error) => void;
  } | null = null;

  constructor(options: HiddenFrameOptions) {
    this.options = { loadGraceMs: 500, ...options };
    this.frames = options.frames ?? freshHiddenFrames(options.document ?? globalThis.document);
  }

  /** Is a request waiting for its answer? */
  get isWaiting(): boolean {
    return this.pending !== null;
  }

  /**
   * Hands a window message to the request under way; refused answers are reported, not used.
   * False when it is no answer of the kind awaited (or nothing waits), for the caller to judge.
   */
  receive(message: FrameMessage): boolean {
    const { pending } = this;
    if (!pending) return false;
    const verdict = checkFrameAnswer(message, pending.answer, pending.frameWindow);
    if (verdict === null) return false;
    if (verdict.accept) pending.accept(verdict.answer, message);
    else this.options.onIgnoredMessage?.(verdict.reason);
    return true;
  }

  /** Sends the frame to `url` and waits; rejects only when {@link close} cancels it. */
  navigate(url: string, answer: FrameAnswer<T>): Promise<HiddenFrameOutcome<T>> {
    const { timeoutMs, loadGraceMs, isServerReachable, listenOn } = this.options;
    const frame = this.frames.take();
    this.frame = frame;

    return new Promise<HiddenFrameOutcome<T>>((resolve, reject) => {
      const timers = new Set<ReturnType<typeof setTimeout>>();
      const later = (ms: number, run: () => void) => timers.add(setTimeout(run, ms));

      const settle = (finish: () => void) => {
        if (!this.pending) return;
        this.pending = null;
        for (const timer of timers) clearTimeout(timer);
        frame.removeEventListener('load', onLoad);
        listenOn?.removeEventListener('message', onMessage);
        this.close();
        finish();
      };
      const onMessage = (event: Event) => {
        const { origin, source, data } = event as MessageEvent;
        this.receive({ origin, source, data });
      };
      const onLoad = () => {
        const href = readSameOriginHref(frame);
        if (href === 'about:blank') return;
        later(loadGraceMs, () => {
          // The diagnosis is failure-only code: it loads when a frame has failed.
          void import('./diagnoseUnansweredFrame.ts')
            .then(({ diagnoseUnansweredFrame }) =>
              diagnoseUnansweredFrame(href, isServerReachable ?? (async () => true)),
            )
            .then((failure) =>
              settle(() => resolve({ decidedBy: 'load_without_message', failure })),
            );
        });
      };

      this.pending = {
        answer,
        frameWindow: frame.contentWindow,
        accept: (value, message) =>
          settle(() => resolve({ decidedBy: 'message', answer: value, message })),
        abort: (error) => settle(() => reject(error)),
      };
      frame.addEventListener('load', onLoad);
      listenOn?.addEventListener('message', onMessage);
      later(timeoutMs, () =>
        settle(() =>
          resolve({
            decidedBy: 'timeout',
            failure: {
              reason: 'timeout',
              description: `No answer from the hidden frame within ${timeoutMs} ms`,
            },
          }),
        ),
      );
      // replace(): the frame's navigation must not add an entry to the tab's history.
      frame.contentWindow?.location.replace(url);
    });
  }

  /** Removes the frame; a request still waiting is cancelled. */
  close(): void {
    if (this.frame) this.frames.discard(this.frame);
    this.frame = null;
    this.pending?.abort(new Error('The hidden-frame request was cancelled'));
  }
}

/** Where a {@link HiddenFrame} gets its frame (in the page, at about:blank) and leaves it. */
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

/** An invisible iframe at about:blank, out of the tab order and the accessibility tree. */
export function createHiddenFrame(
  document: Document,
  title = 'Silent authentication',
): HTMLIFrameElement {
  const frame = document.createElement('iframe');
  frame.title = title;
  frame.setAttribute('aria-hidden', 'true');
  frame.tabIndex = -1;
  frame.style.cssText =
    'position:fixed;left:-1000px;top:0;width:0;height:0;border:0;visibility:hidden';
  document.body.appendChild(frame);
  return frame;
}

/** The frame's URL when it shows one of our pages; null when another origin's (or an error page). */
export function readSameOriginHref(frame: HTMLIFrameElement): string | null {
  try {
    return frame.contentWindow?.location.href ?? null;
  } catch {
    return null;
  }
}
