import type { AuthFailure } from '../auth/authFailure.ts';
import {
  createHiddenFrame,
  HiddenFrame,
  type HiddenFrameOutcome,
  isServerReachable,
} from '../auth/hiddenFrame.ts';
import { type SilentTransport, silentAnswer } from '../auth/silentTransport.ts';
import { issuerFor } from '../protocol/defaults.ts';
import type { LabEnvironment } from './labEnvironment.ts';

export type HiddenFrameResult = HiddenFrameOutcome<string> & { durationMs: number };

/**
 * One prompt=none request in a hidden iframe for a lab experiment, through the auth core's own
 * {@link HiddenFrame} and transport checks (source window, origin, state), nested in a
 * {@link FrameHost} so that the answer is posted there and not to the app's window.
 */
export async function runHiddenFrameRequest(
  env: Pick<LabEnvironment, 'document' | 'fetch' | 'now'>,
  {
    url,
    state,
    transport,
    authority,
    timeoutMs,
  }: {
    url: string;
    /** The state of this request: an answer carrying another one is not ours. */
    state: string;
    transport: SilentTransport;
    /** The server asked, to tell "down" from "refused framing" for a frame that never answered. */
    authority: string;
    timeoutMs: number;
  },
): Promise<HiddenFrameResult> {
  const startedAt = env.now();
  const host = openFrameHost(env.document);
  try {
    const frame = new HiddenFrame<string>({
      timeoutMs,
      isServerReachable: () => isServerReachable(issuerFor(authority), env.fetch),
      listenOn: host.window,
      frames: {
        take: () => createHiddenFrame(host.document, 'Lab experiment (hidden)'),
        discard: (used) => used.remove(),
      },
    });
    const outcome = await frame.navigate(url, silentAnswer(transport, state));
    return { ...outcome, durationMs: env.now() - startedAt };
  } finally {
    host.remove();
  }
}

/** A request that ended without an answer as a failure saying what decided it. */
export const unansweredFailure = (
  outcome: Exclude<HiddenFrameOutcome<string>, { decidedBy: 'message' }>,
): AuthFailure => ({ error: null, ...outcome.failure, decidedBy: outcome.decidedBy });

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
  const host = createHiddenFrame(document, 'Lab experiments (hidden)');
  const window = host.contentWindow;
  const inner = host.contentDocument;
  if (!window || !inner?.body) {
    host.remove();
    throw new Error('Could not open a blank frame for the experiment');
  }
  return { window, document: inner, remove: () => host.remove() };
}
