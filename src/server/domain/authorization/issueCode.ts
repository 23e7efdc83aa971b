import type { AuthorizationRequest, CustomClaims, SessionRecord } from '../../store/records.ts';
import type { Domain } from '../domain.ts';
import { randomToken } from '../randomToken.ts';

// Kept a while past expiry so a late exchange hears "expired" rather than "invalid".
const EXPIRED_CODE_RETENTION_MS = 5 * 60_000;

/** What a code is bound to: an authorization request, or a FedCM assertion (no redirect URI). */
export type CodeRequest = Pick<
  AuthorizationRequest,
  | 'issuer'
  | 'clientId'
  | 'scope'
  | 'audience'
  | 'nonce'
  | 'codeChallenge'
  | 'codeChallengeMethod'
  | 'prompt'
  | 'device'
  | 'dpopJkt'
> & { redirectUri?: string };

/**
 * Step 12 (code flow). A single-use code bound to client, redirect URI, PKCE challenge, issuer
 * and session; it carries the rules' claims to the token endpoint.
 */
export function issueCode(
  domain: Domain,
  request: CodeRequest,
  session: SessionRecord,
  claims: CustomClaims,
): string {
  const code = randomToken();
  const expiresAt = domain.clock.now() + domain.lifetimes.current().codeSeconds * 1000;
  domain.store.saveCode({
    code,
    issuer: request.issuer,
    clientId: request.clientId,
    ...(request.redirectUri === undefined ? {} : { redirectUri: request.redirectUri }),
    scope: request.scope,
    audience: request.audience,
    nonce: request.nonce,
    codeChallenge: request.codeChallenge,
    codeChallengeMethod: request.codeChallengeMethod,
    sub: session.sub,
    sid: session.id,
    authTime: session.authTime,
    expiresAt,
    tokenIds: [],
    retainUntil: expiresAt + EXPIRED_CODE_RETENTION_MS,
    ...(request.device === undefined ? {} : { device: request.device }),
    ...(request.dpopJkt === undefined ? {} : { dpopJkt: request.dpopJkt }),
    claims,
  });
  domain.events.record({
    type: 'code_issued',
    clientId: request.clientId,
    userId: session.sub,
    silent: request.prompt.includes('none'),
    ...(request.dpopJkt === undefined ? {} : { dpopJkt: request.dpopJkt }),
  });
  return code;
}
