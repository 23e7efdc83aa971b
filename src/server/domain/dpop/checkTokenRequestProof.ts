import { verifyDpopProof } from '../../../dpop/verifyDpopProof.ts';
import type { ClientConfig } from '../../config.ts';
import type { Domain } from '../domain.ts';
import { endpointsFor } from '../issuer.ts';
import { OAuthError } from '../oauthError.ts';

/**
 * RFC 9449 §5: the token request's proof, judged by the client's DPoP policy. Returns the
 * key's thumbprint the tokens are to be bound to, or undefined for bearer tokens (no proof
 * from an `allowed` client, or any request of an `off` client, whose proofs are ignored).
 */
export function checkTokenRequestProof(
  domain: Domain,
  client: Pick<ClientConfig, 'clientId' | 'dpop'>,
  proof: string | undefined,
  issuer: string,
): string | undefined {
  if (client.dpop === 'off') return undefined;
  if (proof === undefined) {
    if (client.dpop === 'required') {
      throw new OAuthError(
        'invalid_request',
        `Client ${client.clientId} must send a DPoP proof (its DPoP policy is "required")`,
      );
    }
    return undefined;
  }
  const settings = domain.dpop.current();
  const result = verifyDpopProof(proof, {
    method: 'POST',
    url: endpointsFor(issuer).token,
    now: domain.clock.now(),
    replay: domain.dpop.replay,
    nonces: domain.dpop.nonces,
    requireNonce: settings.requireNonce,
    maxAgeSeconds: settings.proofMaxAgeSeconds,
  });
  if (!result.ok) {
    throw new OAuthError(result.error, result.description, {
      // RFC 9449 §8: the nonce to retry with travels in the DPoP-Nonce header.
      headers:
        result.error === 'use_dpop_nonce'
          ? { 'DPoP-Nonce': domain.dpop.nonces.current() }
          : domain.dpop.nonceHeaders(),
    });
  }
  return result.jkt;
}

/**
 * RFC 9449 §10 and §5.8: a code bound with `dpop_jkt`, or a refresh token bound at issuance,
 * is only exchanged with a proof by that same key.
 */
export function checkSameKey(
  boundJkt: string | undefined,
  proofJkt: string | undefined,
  what: string,
): void {
  if (boundJkt === undefined) return;
  if (proofJkt === undefined) {
    throw new OAuthError(
      'invalid_grant',
      `The ${what} is DPoP-bound: send a DPoP proof by its key`,
    );
  }
  if (proofJkt !== boundJkt) {
    throw new OAuthError(
      'invalid_grant',
      `The ${what} is bound to another DPoP key than the one that signed this proof`,
    );
  }
}
