import type { DPoPState } from 'oidc-client-ts';
import { type DpopKeyStore, generateDpopKeys } from '../dpopKeyStore.ts';

/** Test only: the DPoP key store in memory (node has no IndexedDB); counts the pairs it made. */
export function memoryDpopKeyStore() {
  const states = new Map<string, DPoPState>();
  let made = 0;
  const store: DpopKeyStore & { made(): number } = {
    async keysFor(clientId) {
      let state = states.get(clientId);
      if (!state) {
        made++;
        state = { keys: await generateDpopKeys() };
        states.set(clientId, state);
      }
      return state.keys;
    },
    get: async (key) => states.get(key) as DPoPState,
    async set(key, value) {
      states.set(key, value);
    },
    async remove(key) {
      const value = states.get(key) as DPoPState;
      states.delete(key);
      return value;
    },
    getAllKeys: async () => [...states.keys()],
    made: () => made,
  };
  return store;
}
