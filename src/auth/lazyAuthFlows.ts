import type { AuthFlows } from './authFlows.ts';

export interface LazyAuthFlows extends Required<AuthFlows> {
  /**
   * Starts loading now (so the flows' page-wide message listener is there from the start);
   * a failure is left for the first real call to report, and that call tries again.
   */
  preload(): void;
}

/**
 * {@link AuthFlows} loaded by `load` (a dynamic import) on first use, so that each sign-in mode
 * ships only its own code: oidc-client-ts for the code flow, jose for the implicit one. Both at
 * once would exceed the auth layer's 25 KB gzip budget. A failed load (say, a chunk missing
 * after a deploy) fails that call and is tried again on the next one.
 */
export function lazyAuthFlows(load: () => Promise<AuthFlows>): LazyAuthFlows {
  let flows: Promise<AuthFlows> | null = null;
  const loaded = () => {
    flows ??= load().catch((error: unknown) => {
      flows = null;
      throw error;
    });
    return flows;
  };
  return {
    preload: () => void loaded().catch(() => {}),
    startLogin: async (returnPath) => (await loaded()).startLogin(returnPath),
    finishLogin: async (callbackUrl) => (await loaded()).finishLogin(callbackUrl),
    renewSilently: async (transport) => (await loaded()).renewSilently(transport),
    accessToken: async () => (await loaded()).accessToken(),
    exportTokens: async () => (await (await loaded()).exportTokens?.()) ?? null,
    // Flows that cannot adopt tokens share the renewal lock only (see AuthFlows.exportTokens).
    adoptTokens: async (user, accept) => (await loaded()).adoptTokens?.(user, accept),
    dpopProof: async (url, method, accessToken, nonce) =>
      (await (await loaded()).dpopProof?.(url, method, accessToken, nonce)) ?? null,
    forgetUser: async () => (await loaded()).forgetUser(),
    startLogout: async () => (await loaded()).startLogout(),
  };
}
