import type { ClientConfig } from '../../config.ts';
import type { Domain } from '../domain.ts';
import { OAuthError } from '../oauthError.ts';
import { findActiveSession } from '../sessions.ts';
import { noFedCmAccount } from './listFedCmAccounts.ts';

/**
 * `IdentityCredential.disconnect()`: the user's grant to this client goes, so the accounts list
 * no longer names it among `approved_clients` and the browser asks again next time. The
 * `account_hint` is what the relying party knows of the account: its id or its email.
 */
export function disconnectFedCm(
  domain: Domain,
  client: ClientConfig,
  accountHint: string | undefined,
  sessionCookie: string | undefined,
): { account_id: string } {
  const session = findActiveSession(domain, sessionCookie);
  const user = session && domain.registry.userById(session.sub);
  if (!user) throw noFedCmAccount();
  if (accountHint !== user.userId && accountHint !== user.email) {
    throw new OAuthError('invalid_request', 'account_hint does not name the signed-in account');
  }
  const count = domain.store.deleteGrants({ sub: user.userId, clientId: client.clientId });
  domain.events.record({
    type: 'revoked',
    what: 'grant',
    count,
    clientId: client.clientId,
    userId: user.userId,
  });
  return { account_id: user.userId };
}
