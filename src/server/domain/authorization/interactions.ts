import { timingSafeEqual } from 'node:crypto';
import type { AuthorizationRequest, InteractionRecord } from '../../store/records.ts';
import type { Domain } from '../domain.ts';
import { recordConsent } from '../grants.ts';
import { randomToken } from '../randomToken.ts';

/** A login/consent transaction; its `browserBinding` goes into a cookie, `csrfToken` into the form. */
export function createInteraction(
  domain: Domain,
  request: AuthorizationRequest,
): InteractionRecord {
  const now = domain.clock.now();
  const interaction: InteractionRecord = {
    id: randomToken(16),
    request,
    createdAt: now,
    expiresAt: now + domain.lifetimes.current().interactionSeconds * 1000,
    csrfToken: randomToken(),
    browserBinding: randomToken(),
  };
  domain.store.saveInteraction(interaction);
  return interaction;
}

export function findLiveInteraction(
  domain: Domain,
  id: string | undefined,
): InteractionRecord | undefined {
  if (!id) return undefined;
  const interaction = domain.store.findInteraction(id);
  if (!interaction) return undefined;
  if (interaction.expiresAt <= domain.clock.now()) {
    domain.store.deleteInteraction(id);
    return undefined;
  }
  return interaction;
}

const sameSecret = (expected: string, actual: string | undefined): boolean => {
  if (actual === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(actual);
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * Login CSRF defence: a form post counts only if it carries the transaction's token *and* comes
 * from the browser holding the transaction's cookie. An attacker's page can know neither for
 * the victim's transaction, nor make the victim's browser carry its own.
 */
export const isInteractionPostAllowed = (
  interaction: InteractionRecord,
  csrfToken: string | undefined,
  cookieBinding: string | undefined,
): boolean =>
  sameSecret(interaction.csrfToken, csrfToken) &&
  sameSecret(interaction.browserBinding, cookieBinding);

/** Pages and the resume step are served only to the browser that started the transaction. */
export const isInteractionBrowser = (
  interaction: InteractionRecord,
  cookieBinding: string | undefined,
): boolean => sameSecret(interaction.browserBinding, cookieBinding);

/** The login page checked a password in this transaction (satisfies prompt=login, max_age). */
export function recordInteractionLogin(domain: Domain, interaction: InteractionRecord): void {
  domain.store.saveInteraction({ ...interaction, loginCompletedAt: domain.clock.now() });
}

/** The user accepted on the consent page: remember the grant and let the transaction go on. */
export function recordInteractionConsent(
  domain: Domain,
  interaction: InteractionRecord,
  sub: string,
): void {
  recordConsent(domain, sub, interaction.request.clientId, interaction.request.scope);
  domain.store.saveInteraction({ ...interaction, consentGiven: true });
}
