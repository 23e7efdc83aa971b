import type { AuthFailure } from './authFailure.ts';
import type { SilentTransportName } from './clientSettings.ts';

/**
 * How one prompt=none authorization request travels through a hidden frame and how its answer
 * comes back. Every transport ends the same way: the answer becomes a callback URL that
 * oidc-client-ts validates and exchanges (PKCE) in this window.
 */
export interface SilentTransport {
  readonly name: SilentTransportName;
  /** Authorize parameters the transport needs, e.g. `response_mode=web_message`. */
  readonly authorizeParams: Readonly<Record<string, string>>;
  /** The only origin the answer may come from: our own (redirect page) or the server's. */
  readonly responseOrigin: string;
  /** The answer carried by a message's data, as a callback URL; null if it is not an answer. */
  readResponse(data: unknown): string | null;
}

/** A silent renewal that failed for a reason the transport could tell. */
export class SilentRenewalError extends Error {
  override readonly name = 'SilentRenewalError';
  constructor(readonly failure: AuthFailure) {
    super(failure.description ?? failure.reason);
  }
}

export interface FrameMessage {
  origin: string;
  source: unknown;
  data: unknown;
}

export type MessageVerdict =
  | { accept: true; callbackUrl: string }
  | { accept: false; reason: string }
  /** Not an authorization answer at all (other scripts post messages too): not worth a word. */
  | null;

/**
 * The checks every answer must pass, in order: it is an answer of this transport's shape, it
 * comes from our frame's window, from the expected origin, and carries the state of the
 * request under way. Anything else — forged by another frame, meant for an earlier request —
 * is refused with the reason.
 */
export function checkFrameMessage(
  message: FrameMessage,
  expected: { transport: SilentTransport; frameWindow: unknown; state: string },
): MessageVerdict {
  const callbackUrl = expected.transport.readResponse(message.data);
  if (callbackUrl === null) return null;
  if (message.source === null || message.source !== expected.frameWindow) {
    return {
      accept: false,
      reason: 'an authorization response from a window other than our frame',
    };
  }
  if (message.origin !== expected.transport.responseOrigin) {
    return {
      accept: false,
      reason: `an authorization response from the wrong origin ${message.origin}`,
    };
  }
  const state = stateOf(callbackUrl);
  if (state !== expected.state) {
    return {
      accept: false,
      reason: 'an authorization response whose state does not match the request',
    };
  }
  return { accept: true, callbackUrl };
}

function stateOf(callbackUrl: string): string | null {
  try {
    return new URL(callbackUrl).searchParams.get('state');
  } catch {
    return null;
  }
}
