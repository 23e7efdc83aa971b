import type { ClientConfig } from '../../config.ts';
import type {
  AuthorizationRequest,
  InteractionRecord,
  SessionRecord,
} from '../../store/records.ts';
import type { Domain } from '../domain.ts';
import { needsConsent } from '../grants.ts';
import { OAuthError } from '../oauthError.ts';

export type InteractionKind = 'login' | 'consent';

interface Need {
  kind: InteractionKind;
  /** What prompt=none says when this interaction is needed. */
  silentError: OAuthError;
}

export type Resolution = { kind: 'ready'; session: SessionRecord } | { kind: InteractionKind };

const login = (detail?: string): Need => ({
  kind: 'login',
  silentError: new OAuthError(
    'login_required',
    detail ? `Login required: ${detail}` : 'Login required',
  ),
});

const consent = (): Need => ({
  kind: 'consent',
  silentError: new OAuthError('consent_required', 'Consent required'),
});

function findNeed(
  domain: Domain,
  request: AuthorizationRequest,
  client: ClientConfig,
  session: SessionRecord | undefined,
  interaction: InteractionRecord | undefined,
): Need | undefined {
  if (!session) return login();
  // A login finished in this very transaction satisfies prompt=login, max_age and the hint:
  // asking again would loop.
  if (interaction?.loginCompletedAt === undefined) {
    if (request.prompt.includes('login')) return login();
    const ageMs = domain.clock.now() - session.authTime;
    if (request.maxAge !== undefined && ageMs > request.maxAge * 1000) {
      return login('the session is older than max_age');
    }
    if (request.idTokenHintSub !== undefined && request.idTokenHintSub !== session.sub) {
      return login('the session belongs to another user than id_token_hint');
    }
  }
  if (request.prompt.includes('consent') && !interaction?.consentGiven) return consent();
  if (needsConsent(domain, client, session.sub, request.scope)) return consent();
  return undefined;
}

/**
 * Step 11: answer from real state. With a session and nothing left to ask, go on; otherwise the
 * user must log in or consent, which prompt=none forbids (OIDC Core §3.1.2.6).
 */
export function resolveInteraction(
  domain: Domain,
  request: AuthorizationRequest,
  client: ClientConfig,
  session: SessionRecord | undefined,
  interaction?: InteractionRecord,
): Resolution {
  const need = findNeed(domain, request, client, session, interaction);
  if (!need && session) return { kind: 'ready', session };
  const { kind, silentError } = need ?? login();
  if (request.prompt.includes('none')) throw silentError;
  return { kind };
}
