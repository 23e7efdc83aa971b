/**
 * The states and nonces this page has already accepted: a response or ID token seen a second
 * time (a duplicated message, a token replayed into a new response) is refused. Memory only;
 * a reload starts afresh, and the stored transaction is gone by then anyway.
 */
export interface ReplayGuard {
  readonly states: Set<string>;
  readonly nonces: Set<string>;
}

export const createReplayGuard = (): ReplayGuard => ({ states: new Set(), nonces: new Set() });
