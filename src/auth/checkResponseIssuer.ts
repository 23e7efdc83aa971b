import type { AuthFailure } from './authFailure.ts';

/** An authorization response that names another issuer than the one we asked. */
export class ResponseIssuerError extends Error {
  override readonly name = 'ResponseIssuerError';
  constructor(readonly failure: AuthFailure) {
    super(failure.description ?? failure.reason);
  }
}

/**
 * RFC 9207 §2.4 (mix-up defence): when the authorization response carries `iss`, it must be the
 * issuer this client sent the request to — checked before the code goes to any token endpoint.
 * A response without `iss` passes: not every server sends it (the ID token's `iss` is checked
 * after the exchange in any case).
 */
export function checkResponseIssuer(callbackUrl: string, issuer: string): void {
  const iss = new URL(callbackUrl, 'http://invalid').searchParams.get('iss');
  if (iss === null || iss === issuer) return;
  throw new ResponseIssuerError({
    reason: 'invalid_response',
    error: null,
    description: `The response comes from issuer ${iss}, not ${issuer}: refused before exchanging its code (RFC 9207 mix-up defence).`,
  });
}
