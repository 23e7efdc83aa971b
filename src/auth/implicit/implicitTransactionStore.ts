import { IMPLICIT_RESPONSE_TYPES, type ImplicitTransaction } from './buildImplicitAuthorizeUrl.ts';

export interface ImplicitTransactionStore {
  save(transaction: ImplicitTransaction): void;
  /** The transaction for `state`, removed as it is read: a second answer finds nothing. */
  take(state: string): ImplicitTransaction | null;
}

const PREFIX = 'silent-auth-lab.implicit.';

/**
 * Transactions of top-level sign-ins, which must survive the redirect to the login page and
 * back: sessionStorage (this tab only, gone with it). Tokens never go there.
 */
export function implicitTransactionStore(storage: Storage): ImplicitTransactionStore {
  return {
    save(transaction) {
      storage.setItem(PREFIX + transaction.state, JSON.stringify(transaction));
    },
    take(state) {
      const key = PREFIX + state;
      const stored = storage.getItem(key);
      storage.removeItem(key);
      if (stored === null) return null;
      try {
        const transaction = JSON.parse(stored) as ImplicitTransaction;
        const valid =
          transaction.state === state &&
          IMPLICIT_RESPONSE_TYPES.includes(transaction.responseType) &&
          typeof transaction.redirectUri === 'string';
        return valid ? transaction : null;
      } catch {
        return null;
      }
    },
  };
}
