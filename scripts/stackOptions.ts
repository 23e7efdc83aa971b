import { parseArgs } from 'node:util';
import { DEFAULT_PORTS } from '../src/protocol/defaults.ts';

export interface StackOptions {
  authPort: number;
  apiPort: number;
  spaPort: number;
  /** Serve the SPA from Vite's dev server (hot reload) instead of the build in dist/spa. */
  dev: boolean;
  control: boolean;
  /**
   * `demo`: tokens live two minutes, so a person who signs in watches the SPA renew within one;
   * `auth0`: Auth0's defaults (access token 24 h, ID token 10 h), the server's own defaults.
   */
  lifetimes: 'demo' | 'auth0';
  /** Build the SPA (vite build) once the flags are known good; `npm start` passes it. */
  build: boolean;
}

export const STACK_USAGE = `Usage: npm start -- [options]   (or: node --import tsx scripts/start.ts [options])

Starts the authorization server, the demo API and the SPA in one process. Ctrl-C stops all three.

Options:
  --auth-port <n>   authorization server port (env AUTH_PORT, default ${DEFAULT_PORTS.auth})
  --api-port <n>    demo API port (env API_PORT, default ${DEFAULT_PORTS.api})
  --spa-port <n>    SPA port (env SPA_PORT, default ${DEFAULT_PORTS.spa})
  --dev             serve the SPA from Vite's dev server with hot reload
  --no-control      turn the /__control test API off
  --auth0-lifetimes Auth0's default token lifetimes (access token 24 h, ID token 10 h) instead
                    of the demo's 2 minutes (the SPA renews 1 minute after each sign-in)
  --build           build the SPA first (npm start passes it; npm run preview does not)
  -h, --help        show this help`;

export class StackOptionsError extends Error {}

/** Flags win over environment variables, which win over the defaults. */
export function parseStackOptions(
  argv: string[],
  env: Record<string, string | undefined>,
): StackOptions | 'help' {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (error) {
    throw new StackOptionsError(`${(error as Error).message}\n\n${STACK_USAGE}`);
  }
  if (values.help) return 'help';
  return {
    authPort: port(
      '--auth-port',
      'AUTH_PORT',
      values['auth-port'] ?? env.AUTH_PORT,
      DEFAULT_PORTS.auth,
    ),
    apiPort: port('--api-port', 'API_PORT', values['api-port'] ?? env.API_PORT, DEFAULT_PORTS.api),
    spaPort: port('--spa-port', 'SPA_PORT', values['spa-port'] ?? env.SPA_PORT, DEFAULT_PORTS.spa),
    dev: values.dev ?? false,
    control: !values['no-control'],
    lifetimes: values['auth0-lifetimes'] ? 'auth0' : 'demo',
    build: values.build ?? false,
  };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    options: {
      'auth-port': { type: 'string' },
      'api-port': { type: 'string' },
      'spa-port': { type: 'string' },
      dev: { type: 'boolean' },
      'no-control': { type: 'boolean' },
      'auth0-lifetimes': { type: 'boolean' },
      build: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function port(flag: string, variable: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new StackOptionsError(
      `${flag} / ${variable} must be a port number from 1 to 65535, got "${raw}".`,
    );
  }
  return value;
}
