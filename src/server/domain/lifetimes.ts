import type { ApiConfig, Lifetimes } from '../config.ts';

export type LifetimeOverrides = Partial<
  Pick<Lifetimes, 'accessTokenSeconds' | 'idTokenSeconds' | 'codeSeconds'>
>;

/** Configured lifetimes plus the overrides the control API sets (and reset clears). */
export interface LifetimeSettings {
  current(): Lifetimes;
  /** An override beats the API's own lifetime, which beats the configured default. */
  accessTokenSecondsFor(api: ApiConfig | undefined): number;
  override(overrides: LifetimeOverrides): Lifetimes;
  reset(): void;
}

export function createLifetimeSettings(configured: Lifetimes): LifetimeSettings {
  let overrides: LifetimeOverrides = {};
  return {
    current: () => ({ ...configured, ...overrides }),
    accessTokenSecondsFor: (api) =>
      overrides.accessTokenSeconds ?? api?.accessTokenSeconds ?? configured.accessTokenSeconds,
    override(next) {
      overrides = { ...overrides, ...next };
      return { ...configured, ...overrides };
    },
    reset() {
      overrides = {};
    },
  };
}
