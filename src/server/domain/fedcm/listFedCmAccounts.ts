import type { Domain } from '../domain.ts';
import { OAuthError } from '../oauthError.ts';
import { findActiveSession } from '../sessions.ts';

/** One entry of the accounts endpoint's answer (FedCM §"Accounts list"). */
export interface FedCmAccount {
  id: string;
  name: string;
  email: string;
  given_name?: string;
  picture?: string;
  /** Clients this user already signed in to through us: the browser shows "Continue as". */
  approved_clients: string[];
  login_hints: string[];
}

/** Without a session there is no account to offer: 401, and the browser marks us signed out. */
export const noFedCmAccount = () =>
  new OAuthError('login_required', 'No one is signed in at this identity provider', {
    status: 401,
  });

/**
 * The signed-in user of this browser (the session cookie the browser sent), as the one account
 * FedCM may offer. `approved_clients` are the FedCM clients the user has a grant for (a consent,
 * or an earlier FedCM sign-in): the browser needs one to re-authenticate without a dialog.
 */
export function listFedCmAccounts(
  domain: Domain,
  sessionCookie: string | undefined,
): { accounts: FedCmAccount[] } {
  const session = findActiveSession(domain, sessionCookie);
  const user = session && domain.registry.userById(session.sub);
  if (!user) throw noFedCmAccount();
  const name = user.name ?? user.email;
  return {
    accounts: [
      {
        id: user.userId,
        name,
        email: user.email,
        ...(user.name ? { given_name: user.name.split(' ')[0] } : {}),
        ...(user.picture ? { picture: user.picture } : {}),
        approved_clients: domain.registry.clients
          .filter((client) => client.fedcm && domain.store.findGrant(user.userId, client.clientId))
          .map((client) => client.clientId),
        login_hints: [user.email],
      },
    ],
  };
}
