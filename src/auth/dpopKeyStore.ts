import type { DPoPState, OidcClientSettings } from 'oidc-client-ts';

/** oidc-client-ts's key store interface (not exported by name). */
type DPoPStore = NonNullable<OidcClientSettings['dpop']>['store'];

/**
 * Where this app's DPoP key pair lives: oidc-client-ts's DPoPStore (it reads the pair, and keeps
 * the token endpoint's nonce beside it, under the client id) plus {@link DpopKeyStore.keysFor}.
 */
export interface DpopKeyStore extends DPoPStore {
  /** The client's key pair, made on first use; every tab gets the same one. */
  keysFor(clientId: string): Promise<CryptoKeyPair>;
}

/** ES256, non-extractable: the private key can sign here and never be read out (RFC 9449 §2). */
export const generateDpopKeys = (): Promise<CryptoKeyPair> =>
  crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);

const STORE = 'dpop-keys';

const settled = <T>(request: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });

/**
 * The key pair in IndexedDB, which keeps a non-extractable CryptoKey as it is (structured
 * clone): every tab of this origin signs with the same key, so tokens one tab renews and shares
 * stay usable in the others. No token is stored here, only the key pair and the server's nonce.
 */
export function indexedDbDpopKeyStore(databases: IDBFactory = indexedDB): DpopKeyStore {
  let database: Promise<IDBDatabase> | undefined;
  const run = async <T>(
    mode: IDBTransactionMode,
    act: (store: IDBObjectStore) => IDBRequest<T>,
  ): Promise<T> => {
    database ??= (() => {
      const opening = databases.open('silent-auth-lab', 1);
      opening.onupgradeneeded = () => opening.result.createObjectStore(STORE);
      return settled(opening);
    })();
    return settled(act((await database).transaction(STORE, mode).objectStore(STORE)));
  };
  const get = (key: string) => run('readonly', (store) => store.get(key)) as Promise<DPoPState>;
  return {
    async keysFor(clientId) {
      const stored = await get(clientId);
      if (stored) return stored.keys;
      const keys = await generateDpopKeys();
      // `add` never overwrites: a tab that stored its pair first wins, and this one takes it.
      return run('readwrite', (store) => store.add({ keys }, clientId)).then(
        () => keys,
        async () => (await get(clientId)).keys,
      );
    },
    get,
    async set(key, value) {
      await run('readwrite', (store) => store.put(value, key));
    },
    async remove(key) {
      const value = await get(key);
      await run('readwrite', (store) => store.delete(key));
      return value;
    },
    getAllKeys: () => run('readonly', (store) => store.getAllKeys()) as Promise<string[]>,
  };
}
