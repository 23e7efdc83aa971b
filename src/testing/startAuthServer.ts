import { type AuthServerConfigInput, seedConfig } from '../server/config.ts';
import { type AuthServer, createAuthServer } from '../server/createAuthServer.ts';
import { generateSigningKey, type SigningKey } from '../server/domain/signingKey.ts';
import { listenFetch } from '../server/listen.ts';
import { type ControlClient, createControlClient } from './controlClient.ts';

export interface StartAuthServerOptions {
  /** 0 (default) takes a free port. */
  port?: number;
  /** The app under test: the seeded SPA client's redirect URIs and web origin use it. */
  spaOrigin?: string;
  /** The audience of the API the app calls. */
  apiAudience?: string;
  /** Adjusts the seeded config (clients, users, lifetimes, ...) once the port is known. */
  config?: (seeded: AuthServerConfigInput, port: number) => AuthServerConfigInput;
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
  close(): Promise<void>;
}

let processKey: SigningKey | undefined;
const processSigningKey = (): SigningKey => {
  processKey ??= generateSigningKey();
  return processKey;
};

/** Starts the mock authorization server in this process, on loopback. */
export async function startAuthServer(
  options: StartAuthServerOptions = {},
): Promise<StartedAuthServer> {
  const signingKey = options.signingKey ?? processSigningKey();
  // The issuer allow-list depends on the port, which a free port gives only once listening.
  let server: AuthServer | undefined;
  const listening = await listenFetch(
    (request) => server?.fetch(request) ?? new Response('starting', { status: 503 }),
    { port: options.port ?? 0 },
  );
  try {
    const seeded = seedConfig({
      port: listening.port,
      spaOrigin: options.spaOrigin,
      apiAudience: options.apiAudience,
    });
    const config = options.config ? options.config(seeded, listening.port) : seeded;
    server = createAuthServer(config, { signingKey });
  } catch (error) {
    await listening.close();
    throw error;
  }
  return {
    url: listening.url,
    issuer: `${listening.url}/`,
    port: listening.port,
    control: createControlClient(listening.url),
    server,
    close: listening.close,
  };
}
