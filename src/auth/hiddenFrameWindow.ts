import type { IWindow, NavigateParams, NavigateResponse } from 'oidc-client-ts';
import { type FrameMessage, HiddenFrame, type HiddenFrames } from './hiddenFrame.ts';
import { SilentRenewalError, type SilentTransport, silentAnswer } from './silentTransport.ts';

export interface HiddenFrameWindowOptions {
  transport: SilentTransport;
  /** Give up after this long without an answer. */
  timeoutMs: number;
  /** See {@link HiddenFrame}: how long a loaded, silent frame gets before it is diagnosed. */
  loadGraceMs?: number;
  /** Whether the authorization server answers at all (to tell "down" from "refused framing"). */
  isServerReachable: () => Promise<boolean>;
  onIgnoredMessage: (reason: string) => void;
  /** Where the frame comes from (default: a fresh frame in `document` per request). */
  frames?: HiddenFrames;
  document?: Document;
}

/**
 * oidc-client-ts `IWindow` for one prompt=none request, on the {@link HiddenFrame} primitive with
 * a {@link SilentTransport}'s answer. Messages reach it through {@link HiddenFrameWindow.receive},
 * from the one listener its owner keeps on the window ({@link listenForFrameAnswers}). A request
 * that ends without an answer rejects with a {@link SilentRenewalError} saying why and what
 * decided it (the load-without-message diagnosis or the timeout).
 */
export class HiddenFrameWindow implements IWindow {
  private readonly frame: HiddenFrame<string>;

  constructor(private readonly options: HiddenFrameWindowOptions) {
    this.frame = new HiddenFrame(options);
  }

  /** Is a request waiting for its answer? */
  get isWaiting(): boolean {
    return this.frame.isWaiting;
  }

  /** See {@link HiddenFrame.receive}. */
  receive(message: FrameMessage): boolean {
    return this.frame.receive(message);
  }

  async navigate(params: NavigateParams): Promise<NavigateResponse> {
    const outcome = await this.frame.navigate(
      params.url,
      silentAnswer(this.options.transport, params.state ?? ''),
    );
    if (outcome.decidedBy === 'message') return { url: outcome.answer };
    throw new SilentRenewalError({ error: null, ...outcome.failure, decidedBy: outcome.decidedBy });
  }

  close(): void {
    this.frame.close();
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
