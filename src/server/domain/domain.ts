import type { AuthServerConfig } from '../config.ts';
import type { Store } from '../store/store.ts';
import type { Clock } from './clock.ts';
import type { LifetimeSettings } from './lifetimes.ts';
import type { RateLimitSettings } from './rateLimits.ts';
import type { Registry } from './registry.ts';
import type { RuleRunner } from './rules.ts';
import type { SigningKey } from './signingKey.ts';

/** Everything the domain functions need, built once by createAuthServer. */
export interface Domain {
  config: AuthServerConfig;
  registry: Registry;
  store: Store;
  clock: Clock;
  signingKey: SigningKey;
  lifetimes: LifetimeSettings;
  rateLimits: RateLimitSettings;
  rules: RuleRunner;
  /** Where unexpected errors and refusing rules are reported (never to the client). */
  logger: Pick<Console, 'error'>;
}
