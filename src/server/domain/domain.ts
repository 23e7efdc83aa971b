import type { AuthServerConfig } from '../config.ts';
import type { Store } from '../store/store.ts';
import type { Clock, ServerClock } from './clock.ts';
import type { DpopSettings } from './dpop/dpopSettings.ts';
import type { EventRecorder } from './events.ts';
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
  /** The server's time; the control API moves it through `clockControl`. */
  clock: Clock;
  clockControl: ServerClock;
  signingKey: SigningKey;
  lifetimes: LifetimeSettings;
  rateLimits: RateLimitSettings;
  /** DPoP nonces, replay cache and the proof checks' settings. */
  dpop: DpopSettings;
  rules: RuleRunner;
  /** What happened (sign-ins, codes, tokens, renewals, revocations, errors), for tests. */
  events: EventRecorder;
  /** Where unexpected errors and refusing rules are reported (never to the client). */
  logger: Pick<Console, 'error'>;
}
