import type { Domain } from './domain.ts';
import type { LifetimeOverrides } from './lifetimes.ts';

/** Back to the seeded state: no sessions, codes, grants or revocations; configured lifetimes. */
export function resetState(domain: Domain): void {
  domain.store.clear();
  domain.lifetimes.reset();
}

export const setLifetimes = (domain: Domain, overrides: LifetimeOverrides) =>
  domain.lifetimes.override(overrides);

/** Ends one user's sessions (by `sub`), or everyone's; returns how many ended. */
export const endSessions = (domain: Domain, sub?: string): number =>
  domain.store.deleteSessions(sub);
