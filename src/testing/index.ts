/** `silent-auth-lab/testing`: start the mock authorization server and steer it from tests. */
import type { AuthServerConfigInput } from '../server/config.ts';
import type { ConfigFunction } from '../server/configFile.ts';

export type {
  AuthServerConfigInput,
  ClientConfigInput,
  UserConfigInput,
} from '../server/config.ts';
export { AuthServerConfigError, seedConfig } from '../server/config.ts';
export type { ConfigFunction, ConfigLayer } from '../server/configFile.ts';
export * from './controlClient.ts';
export * from './startAuthServer.ts';

/** Types an `authserver.config.ts` default export: an object over the seed, or a function of it. */
export function defineAuthServerConfig<
  T extends (Partial<AuthServerConfigInput> & { port?: number; host?: string }) | ConfigFunction,
>(config: T): T {
  return config;
}
