/** A DPoP proof for one request with the current token, or null for a bearer token. */
export type ProveRequest = (
  url: string,
  method: string,
  accessToken: string,
  nonce?: string,
) => Promise<string | null>;

/**
 * The headers that present `token` on one request: the `DPoP` scheme and a proof when the token
 * is bound to our key (RFC 9449 §7.1), else `Bearer` (RFC 6750 §2.1).
 */
export async function presentAccessToken(
  token: string,
  url: string,
  method: string,
  prove?: ProveRequest,
  nonce?: string,
): Promise<Record<string, string>> {
  const proof = await prove?.(url, method, token, nonce);
  return proof
    ? { Authorization: `DPoP ${token}`, DPoP: proof }
    : { Authorization: `Bearer ${token}` };
}

/**
 * The nonce a resource server asks the proof to carry (`401`, `error="use_dpop_nonce"` and a
 * `DPoP-Nonce`, RFC 9449 §9), or null when the answer is anything else.
 */
export function dpopNonceAsked(response: Response): string | null {
  const nonce = response.headers.get('DPoP-Nonce');
  const challenge = response.headers.get('WWW-Authenticate') ?? '';
  return response.status === 401 && nonce && /error="use_dpop_nonce"/.test(challenge)
    ? nonce
    : null;
}
