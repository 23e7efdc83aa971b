import type { ClientConfig } from '../config.ts';
import type { Domain } from './domain.ts';

/**
 * First-party clients never ask (Auth0 skips consent for them); a third-party client needs the
 * user's consent to every scope it asks for.
 */
export function needsConsent(
  domain: Domain,
  client: ClientConfig,
  sub: string,
  scope: readonly string[],
): boolean {
  if (!client.thirdParty) return false;
  const grant = domain.store.findGrant(sub, client.clientId);
  return !grant || scope.some((word) => !grant.scope.includes(word));
}

export function recordConsent(
  domain: Domain,
  sub: string,
  clientId: string,
  scope: readonly string[],
): void {
  const previous = domain.store.findGrant(sub, clientId)?.scope ?? [];
  domain.store.saveGrant({ sub, clientId, scope: [...new Set([...previous, ...scope])] });
}
