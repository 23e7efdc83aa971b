import { createHash, randomBytes } from 'node:crypto';
import { CLIENT_ID, type Stack } from './stack.ts';

export const randomBase64url = (bytes = 32) => randomBytes(bytes).toString('base64url');

/**
 * A code + PKCE authorization request for the SPA client of `stack`, for tests that play the
 * client themselves; `params` override any parameter, `verifier` is the PKCE verifier to bind.
 */
export function authorizeUrl(
  stack: Stack,
  params: Record<string, string> = {},
  verifier = randomBase64url(),
) {
  const query = new URLSearchParams({
    client_id: CLIENT_ID,
    response_type: 'code',
    redirect_uri: `${stack.spa}/callback`,
    scope: 'openid profile email read:profile',
    audience: stack.audience,
    state: randomBase64url(16),
    nonce: randomBase64url(16),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    ...params,
  });
  return `${stack.auth}/authorize?${query}`;
}
