import type { AuthFailure } from './authFailure.ts';
import type { FrameTransportName } from './clientSettings.ts';
import type { FrameAnswer } from './hiddenFrame.ts';

/**
 * How one prompt=none authorization request travels through a hidden frame and how its answer
 * comes back. Every transport ends the same way: the answer becomes a callback URL that
 * oidc-client-ts validates and exchanges (PKCE) in this window.
 */
export interface SilentTransport {
  readonly name: FrameTransportName;
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

/**
 * What a silent request waits for in its hidden frame: this transport's answer, as a callback
 * URL carrying the request's `state`. An answer to another request (forged, or meant for an
 * earlier one) is refused.
 */
export function silentAnswer(transport: SilentTransport, state: string): FrameAnswer<string> {
  return {
    kind: 'an authorization response',
    read: (data) => transport.readResponse(data),
    origin: transport.responseOrigin,
    refuse: (callbackUrl) =>
      stateOf(callbackUrl) === state
        ? null
        : 'an authorization response whose state does not match the request',
  };
}

function stateOf(callbackUrl: string): string | null {
  try {
    return new URL(callbackUrl).searchParams.get('state');
  } catch {
    return null;
  }
}
