import { parseArgs } from 'node:util';
import { DEFAULT_PORTS, originOf } from '../protocol/defaults.ts';

export interface CliOptions {
  port: number;
  host: string;
  spaOrigin: string;
  apiAudience: string | undefined;
  control: boolean;
  help: boolean;
}

export const CLI_USAGE = `Silent Auth Lab mock authorization server

Usage: node --import tsx src/server/cli.ts [options]

Options:
  --port <n>           port to listen on (env AUTH_PORT, default ${DEFAULT_PORTS.auth})
  --host <name>        hostname to bind (default localhost: both 127.0.0.1 and ::1)
  --spa-origin <url>   origin of the SPA client (env SPA_ORIGIN, default ${originOf(DEFAULT_PORTS.spa)})
  --api-audience <id>  audience of the demo API (env API_AUDIENCE, default ${originOf(DEFAULT_PORTS.api)}/)
  --no-control         turn off the /__control test API
  --help               show this help
`;

export class CliUsageError extends Error {
  override name = 'CliUsageError';
}

const parsePort = (raw: string, source: string): number => {
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65_535) {
    throw new CliUsageError(`${source} must be a port number (0-65535), got "${raw}"`);
  }
  return port;
};

const parseOrigin = (raw: string, source: string): string => {
  try {
    const url = new URL(raw);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.origin;
  } catch {}
  throw new CliUsageError(`${source} must be an http(s) origin, got "${raw}"`);
};

/** Flags beat environment variables, which beat the defaults. */
export function parseCliOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
): CliOptions {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
  const rawPort = values.port ?? env.AUTH_PORT;
  const rawSpaOrigin = values['spa-origin'] ?? env.SPA_ORIGIN;
  return {
    port:
      rawPort === undefined
        ? DEFAULT_PORTS.auth
        : parsePort(rawPort, values.port === undefined ? 'AUTH_PORT' : '--port'),
    host: values.host ?? 'localhost',
    spaOrigin:
      rawSpaOrigin === undefined
        ? originOf(DEFAULT_PORTS.spa)
        : parseOrigin(
            rawSpaOrigin,
            values['spa-origin'] === undefined ? 'SPA_ORIGIN' : '--spa-origin',
          ),
    apiAudience: values['api-audience'] ?? env.API_AUDIENCE,
    control: !values['no-control'],
    help: values.help ?? false,
  };
}

const parse = (argv: readonly string[]) =>
  parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'spa-origin': { type: 'string' },
      'api-audience': { type: 'string' },
      'no-control': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
