import type { AuthServerConfig } from '../config.ts';
import type { Store } from '../store/store.ts';
import type { Clock } from './clock.ts';
import type { LifetimeSettings } from './lifetimes.ts';
import type { Registry } from './registry.ts';
import type { SigningKey } from './signingKey.ts';

/** Everything the domain functions need, built once by createAuthServer. */
export interface Domain {
  config: AuthServerConfig;
  registry: Registry;
  store: Store;
  clock: Clock;
  signingKey: SigningKey;
  lifetimes: LifetimeSettings;
}
