import { fileURLToPath } from 'node:url';
import { createDemoApi } from '../src/api/createDemoApi.ts';
import { apiAudienceFor, issuerFor, originOf, SPA_CLIENT_ID } from '../src/protocol/defaults.ts';
import { type AuthServerConfigInput, seedConfig } from '../src/server/config.ts';
import { createAuthServer } from '../src/server/createAuthServer.ts';
import { type Listening, listen } from './listen.ts';
import { createSpaServer, type SpaRuntimeConfig } from './spaServer.ts';
import type { StackOptions } from './stackOptions.ts';

export interface RunningStack {
  urls: { auth: string; api: string; spa: string };
  users: { email: string; password: string; name?: string }[];
  close(): Promise<void>;
}

export interface StackPorts {
  auth: number;
  api: number;
  spa: number;
}

/** Where `npm run build` (vite build) puts the SPA. */
export const BUILT_SPA = fileURLToPath(new URL('../dist/spa', import.meta.url));

const SPA_SCOPE = 'openid profile email read:profile read:orders';

/**
 * `npm start`'s token lifetimes: with Auth0's 24 h access token nobody who opens the demo ever
 * sees a renewal. The SPA renews `renewBeforeExpirySeconds` (60) before expiry but never before
 * half the lifetime, so a 120 s token is renewed about a minute after each sign-in or renewal.
 */
export const DEMO_LIFETIMES = { accessTokenSeconds: 120, idTokenSeconds: 120 } as const;

/** The authorization server's configuration for a stack on these ports. */
export function stackServerConfig(
  ports: StackPorts,
  options: Pick<StackOptions, 'control' | 'lifetimes'>,
): AuthServerConfigInput {
  const config = seedConfig({
    port: ports.auth,
    spaOrigin: originOf(ports.spa),
    apiAudience: apiAudienceFor(originOf(ports.api)),
  });
  return {
    ...config,
    control: options.control,
    ...(options.lifetimes === 'demo' && { lifetimes: DEMO_LIFETIMES }),
  };
}

/** What the SPA on `ports.spa` reads at start: the server it signs in at and the API it calls. */
export function spaConfigFor(ports: StackPorts): SpaRuntimeConfig {
  const apiOrigin = originOf(ports.api);
  return {
    authority: issuerFor(originOf(ports.auth)),
    clientId: SPA_CLIENT_ID,
    audience: apiAudienceFor(apiOrigin),
    scope: SPA_SCOPE,
    apiUrl: apiOrigin,
  };
}

/** The demo API of a stack: it takes tokens its server issued by name and by IP (cross-site). */
export function createStackApi(ports: StackPorts) {
  const authOrigin = originOf(ports.auth);
  return createDemoApi({
    issuers: [issuerFor(authOrigin), issuerFor(originOf(ports.auth, '127.0.0.1'))],
    audience: apiAudienceFor(originOf(ports.api)),
    jwksUrl: `${authOrigin}/.well-known/jwks.json`,
    allowedOrigins: [originOf(ports.spa)],
  });
}

/** Starts the authorization server, the demo API and the SPA; closes what started if one fails. */
export async function startStack(options: StackOptions): Promise<RunningStack> {
  const ports = { auth: options.authPort, api: options.apiPort, spa: options.spaPort };
  const config = stackServerConfig(ports, options);
  const authServer = createAuthServer(config);

  const started: Listening[] = [];
  const closeAll = () => Promise.all(started.map((s) => s.close())).then(() => undefined);
  try {
    started.push(
      await listen(authServer.fetch, {
        port: ports.auth,
        what: 'authorization server',
        change: '--auth-port <n> or AUTH_PORT=<n>',
      }),
    );
    started.push(
      await listen(createStackApi(ports).fetch, {
        port: ports.api,
        what: 'demo API',
        change: '--api-port <n> or API_PORT=<n>',
      }),
    );
    started.push(await startSpa(options, spaConfigFor(ports)));
  } catch (error) {
    await closeAll();
    throw error;
  }

  return {
    urls: { auth: originOf(ports.auth), api: originOf(ports.api), spa: originOf(ports.spa) },
    users: (config.users ?? []).map((u) => ({
      email: u.email,
      password: u.password,
      name: u.name,
    })),
    close: closeAll,
  };
}

async function startSpa(options: StackOptions, config: SpaRuntimeConfig): Promise<Listening> {
  const change = '--spa-port <n> or SPA_PORT=<n>';
  if (!options.dev) {
    return listen(createSpaServer({ root: BUILT_SPA, config }).fetch, {
      port: options.spaPort,
      what: 'SPA',
      change,
    });
  }
  const { createServer } = await import('vite');
  const { renderConfigScript } = await import('./spaServer.ts');
  const vite = await createServer({
    server: { port: options.spaPort, strictPort: true, host: '127.0.0.1' },
    plugins: [
      {
        name: 'silent-auth-lab-runtime-config',
        configureServer(server) {
          server.middlewares.use('/config.js', (_req, res) => {
            res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
            res.end(renderConfigScript(config));
          });
        },
      },
    ],
  });
  try {
    await vite.listen();
  } catch (error) {
    await vite.close();
    if ((error as Error).message.includes(String(options.spaPort))) {
      throw new Error(
        `Port ${options.spaPort} (SPA) is already in use. Choose another with ${change}.`,
      );
    }
    throw error;
  }
  return { url: originOf(options.spaPort), port: options.spaPort, close: () => vite.close() };
}
