import { resolve } from 'node:path';
import { createDemoApi } from '../src/api/createDemoApi.ts';
import { apiAudienceFor, issuerFor, originOf, SPA_CLIENT_ID } from '../src/protocol/defaults.ts';
import { seedConfig } from '../src/server/config.ts';
import { createAuthServer } from '../src/server/createAuthServer.ts';
import { type Listening, listen } from './listen.ts';
import { createSpaServer, type SpaRuntimeConfig } from './spaServer.ts';
import type { StackOptions } from './stackOptions.ts';

export interface RunningStack {
  urls: { auth: string; api: string; spa: string };
  users: { email: string; password: string; name?: string }[];
  close(): Promise<void>;
}

const SPA_SCOPE = 'openid profile email read:profile read:orders';

/** Starts the authorization server, the demo API and the SPA; closes what started if one fails. */
export async function startStack(options: StackOptions): Promise<RunningStack> {
  const authOrigin = originOf(options.authPort);
  const apiOrigin = originOf(options.apiPort);
  const spaOrigin = originOf(options.spaPort);
  const config = seedConfig({
    port: options.authPort,
    spaOrigin,
    apiAudience: apiAudienceFor(apiOrigin),
  });
  const authServer = createAuthServer({ ...config, control: options.control });
  const spaConfig: SpaRuntimeConfig = {
    authority: issuerFor(authOrigin),
    clientId: SPA_CLIENT_ID,
    audience: apiAudienceFor(apiOrigin),
    scope: SPA_SCOPE,
    apiUrl: apiOrigin,
  };

  const started: Listening[] = [];
  const closeAll = () => Promise.all(started.map((s) => s.close())).then(() => undefined);
  try {
    started.push(
      await listen(authServer.fetch, {
        port: options.authPort,
        what: 'authorization server',
        change: '--auth-port <n> or AUTH_PORT=<n>',
      }),
    );
    const api = createDemoApi({
      issuers: [issuerFor(authOrigin), issuerFor(originOf(options.authPort, '127.0.0.1'))],
      audience: apiAudienceFor(apiOrigin),
      jwksUrl: `${authOrigin}/.well-known/jwks.json`,
      allowedOrigins: [spaOrigin],
    });
    started.push(
      await listen(api.fetch, {
        port: options.apiPort,
        what: 'demo API',
        change: '--api-port <n> or API_PORT=<n>',
      }),
    );
    started.push(await startSpa(options, spaConfig));
  } catch (error) {
    await closeAll();
    throw error;
  }

  return {
    urls: { auth: authOrigin, api: apiOrigin, spa: spaOrigin },
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
    return listen(createSpaServer({ root: resolve('dist/spa'), config }).fetch, {
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
