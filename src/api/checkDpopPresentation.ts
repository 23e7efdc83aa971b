import { checkTokenPresentation, type PresentedToken } from '../dpop/checkTokenPresentation.ts';
import type { DpopNonces } from '../dpop/dpopNonces.ts';
import type { DpopReplayCache } from '../dpop/dpopReplayCache.ts';
import { BearerError, type VerifiedAccessToken } from './verifyAccessToken.ts';

export interface ApiDpopState {
  replay: DpopReplayCache;
  nonces: DpopNonces;
  requireNonce: boolean;
  maxAgeSeconds: number;
}

/** What the API answers a use_dpop_nonce with, beside its challenge (RFC 9449 §9). */
export class DpopNonceNeeded extends BearerError {
  constructor(
    description: string,
    readonly nonce: string,
  ) {
    super(401, 'use_dpop_nonce', description);
  }
}

const boundJktOf = (token: VerifiedAccessToken): string | undefined => {
  const cnf = token.payload.cnf as { jkt?: unknown } | undefined;
  return typeof cnf?.jkt === 'string' ? cnf.jkt : undefined;
};

/**
 * RFC 9449 §7 at the demo API: a bound token only with the `DPoP` scheme and a proof by its
 * key for this method and URL, carrying `ath`; refusals are 401 with a DPoP challenge.
 */
export function checkDpopPresentation(
  presented: PresentedToken,
  token: VerifiedAccessToken,
  request: { method: string; url: string; proof: string | undefined; now: number },
  state: ApiDpopState,
): void {
  const bound = boundJktOf(token);
  const result = checkTokenPresentation({
    presented,
    boundJkt: bound,
    proof: request.proof,
    method: request.method,
    url: request.url,
    now: request.now,
    replay: state.replay,
    nonces: state.nonces,
    requireNonce: state.requireNonce,
    maxAgeSeconds: state.maxAgeSeconds,
  });
  if (result.ok) return;
  const error =
    result.error === 'use_dpop_nonce'
      ? new DpopNonceNeeded(result.description, state.nonces.current())
      : new BearerError(401, result.error, result.description);
  error.scheme = presented.scheme;
  throw error;
}
