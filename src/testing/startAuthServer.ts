import { type AuthServerConfigInput, parseAuthServerConfig, seedConfig } from '../server/config.ts';
import { applyConfigFile, type ConfigFunction, readConfigFile } from '../server/configFile.ts';
import { type AuthServer, createAuthServer } from '../server/createAuthServer.ts';
import { generateSigningKey, type SigningKey } from '../server/domain/signingKey.ts';
import { serveAuthServer } from '../server/listen.ts';
import { type ControlClient, createControlClient } from './controlClient.ts';

export interface StartAuthServerOptions {
  /** 0 (default) takes a free port. */
  port?: number;
  /** The app under test: the seeded SPA client's redirect URIs and web origin use it. */
  spaOrigin?: string;
  /** The audience of the API the app calls. */
  apiAudience?: string;
  /**
   * A config file (JSON, .ts, .js, .mjs), as the command line reads it; its `port` and `host`
   * are ignored here. `config` then applies on top of it.
   */
  configFile?: string;
  /**
   * Changes to the seeded config: an object laid over it key by key (`users` given: those are
   * the users), or a function of it (and of the port) returning the whole config.
   */
  config?: Partial<AuthServerConfigInput> | ConfigFunction;
  /** Require `Authorization: Bearer <token>` on the control API (the returned client sends it). */
  controlToken?: string;
  /** Defaults to one key made per process, so starts after the first cost no key generation. */
  signingKey?: SigningKey;
}

export interface StartedAuthServer {
  /** e.g. http://localhost:43123 — the same server answers on 127.0.0.1 (cross-site). */
  url: string;
  /** The issuer as the server writes it on `url` (trailing slash). */
  issuer: string;
  port: number;
  control: ControlClient;
  server: AuthServer;
  /** Stops listening, ends open connections and lets go of hung or delayed requests. */
  close(): Promise<void>;
}

let processKey: SigningKey | undefined;
const processSigningKey = (): SigningKey => {
  processKey ??= generateSigningKey();
  return processKey;
};

async function configFor(options: StartAuthServerOptions, port: number) {
  let config: AuthServerConfigInput = seedConfig({
    port,
    spaOrigin: options.spaOrigin,
    apiAudience: options.apiAudience,
  });
  let source: string | undefined;
  if (options.configFile !== undefined) {
    const file = await readConfigFile(options.configFile);
    config = await applyConfigFile(file, config, port);
    source = file.name;
  }
  if (options.config !== undefined) {
    config =
      typeof options.config === 'function'
        ? await options.config(config, { port })
        : { ...config, ...options.config };
  }
  if (options.controlToken !== undefined) {
    config = { ...config, control: true, controlToken: options.controlToken };
  }
  return parseAuthServerConfig(config, source);
}

/** Starts the mock authorization server in this process, on loopback. */
export async function startAuthServer(
  options: StartAuthServerOptions = {},
): Promise<StartedAuthServer> {
  const signingKey = options.signingKey ?? processSigningKey();
  const running = await serveAuthServer(
    async (port) => createAuthServer(await configFor(options, port), { signingKey }),
    { port: options.port ?? 0 },
  );
  return {
    url: running.url,
    issuer: `${running.url}/`,
    port: running.port,
    control: createControlClient(running.url, { token: options.controlToken }),
    server: running.server,
    close: running.close,
  };
}
