import type { ClientConfig } from '../../config.ts';
import type { Domain } from '../domain.ts';
import { verifyJwt } from '../jwt.ts';
import { invalidRequest } from '../oauthError.ts';
import { param, type RequestParameters } from '../requestParameters.ts';

/**
 * Step 10. An `id_token_hint` must be an ID token we issued to this client (expired is fine,
 * OIDC Core §3.1.2.1); its `sub` is then checked against the session.
 */
export function checkIdTokenHint(
  domain: Domain,
  params: RequestParameters,
  client: ClientConfig,
): string | undefined {
  const hint = param(params, 'id_token_hint');
  if (hint === undefined) return undefined;
  const result = verifyJwt(hint, domain.signingKey, {
    issuers: domain.config.issuers,
    audience: client.clientId,
    now: domain.clock.now(),
    checkExpiry: false,
  });
  if (!result.ok) throw invalidRequest(`id_token_hint is not valid: ${result.reason}`);
  if (typeof result.claims.sub !== 'string') throw invalidRequest('id_token_hint has no sub');
  return result.claims.sub;
}
