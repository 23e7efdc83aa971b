import { type DpopKeyStore, indexedDbDpopKeyStore } from '../auth/dpopKeyStore.ts';
import { dpopThumbprint } from '../auth/dpopThumbprint.ts';

/**
 * The thumbprint of the DPoP key this tab holds, read from the app's own key store (IndexedDB,
 * shared by its tabs); null when no key was made yet. Makes none: the lab only looks.
 */
export async function readTabDpopThumbprint(
  clientId: string,
  store: Pick<DpopKeyStore, 'get'> = indexedDbDpopKeyStore(),
): Promise<string | null> {
  const state = await store.get(clientId);
  return state ? dpopThumbprint(state.keys) : null;
}

export type DpopBinding =
  | { kind: 'bound'; jkt: string }
  | { kind: 'other-key'; jkt: string; held: string | null }
  | { kind: 'bearer' };

/** Whether the access token is bound (`cnf.jkt`) to the key this tab holds. */
export function dpopBindingOf(
  accessTokenClaims: Record<string, unknown> | null,
  held: string | null,
): DpopBinding {
  const jkt = (accessTokenClaims?.cnf as { jkt?: unknown } | undefined)?.jkt;
  if (typeof jkt !== 'string') return { kind: 'bearer' };
  return jkt === held ? { kind: 'bound', jkt } : { kind: 'other-key', jkt, held };
}
