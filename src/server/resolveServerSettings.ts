import { DEFAULT_PORTS } from '../protocol/defaults.ts';
import type { CliOptions } from './cliOptions.ts';
import { type AuthServerConfig, parseAuthServerConfig, seedConfig } from './config.ts';
import { applyConfigFile, type ConfigFile, findConfigFile, readConfigFile } from './configFile.ts';

export interface ServerSettings {
  port: number;
  host: string;
  /** The config file used, if any. */
  configFile: ConfigFile | undefined;
  /** The validated config for a server listening on `port` (known only once listening on port 0). */
  configFor(port: number): Promise<AuthServerConfig>;
}

/**
 * Flags beat environment variables (both in `options`), which beat the config file, which
 * beats the seeded defaults. `--spa-origin` and `--api-audience` shape the seeded tenant, so
 * they matter only where the file keeps the seeded clients and APIs.
 */
export async function resolveServerSettings(
  options: CliOptions,
  cwd = process.cwd(),
): Promise<ServerSettings> {
  const path = options.config ?? findConfigFile(cwd);
  const configFile = path === undefined ? undefined : await readConfigFile(path, cwd);
  return {
    port: options.port ?? configFile?.port ?? DEFAULT_PORTS.auth,
    host: options.host ?? configFile?.host ?? 'localhost',
    configFile,
    async configFor(port) {
      const seed = seedConfig({
        port,
        spaOrigin: options.spaOrigin,
        apiAudience: options.apiAudience,
      });
      const fromFile = configFile ? await applyConfigFile(configFile, seed, port) : seed;
      const control = options.control ?? (options.controlToken === undefined ? undefined : true);
      return parseAuthServerConfig(
        {
          ...fromFile,
          ...(control === undefined ? {} : { control }),
          ...(options.controlToken === undefined ? {} : { controlToken: options.controlToken }),
        },
        configFile?.name,
      );
    },
  };
}
