import { parseArgs } from 'node:util';
import { DEFAULT_PORTS, originOf } from '../protocol/defaults.ts';

/** What the command line and the environment say; undefined where neither does (the config file or a default decides). */
export interface CliOptions {
  config: string | undefined;
  port: number | undefined;
  host: string | undefined;
  spaOrigin: string | undefined;
  apiAudience: string | undefined;
  control: boolean | undefined;
  controlToken: string | undefined;
  help: boolean;
}

interface Flag {
  flag: string;
  value?: string;
  env?: string;
  help: string;
}

/** Every flag, its environment variable and its help line: one table for parsing and --help. */
export const CLI_FLAGS: readonly Flag[] = [
  {
    flag: 'config',
    value: '<path>',
    env: 'AUTH_CONFIG',
    help: 'config file (JSON, or .ts/.js/.mjs with a default export); default: authserver.config.{ts,mjs,js,json} in the working directory, else the seeded tenant',
  },
  {
    flag: 'port',
    value: '<n>',
    env: 'AUTH_PORT',
    help: `port to listen on, 0 for any free one (default: the config file's, else ${DEFAULT_PORTS.auth})`,
  },
  {
    flag: 'host',
    value: '<name>',
    env: 'AUTH_HOST',
    help: "hostname to bind (default: the config file's, else localhost: both 127.0.0.1 and ::1)",
  },
  {
    flag: 'spa-origin',
    value: '<url>',
    env: 'SPA_ORIGIN',
    help: `origin of the seeded SPA client (default ${originOf(DEFAULT_PORTS.spa)})`,
  },
  {
    flag: 'api-audience',
    value: '<id>',
    env: 'API_AUDIENCE',
    help: `audience of the seeded demo API (default ${originOf(DEFAULT_PORTS.api)}/)`,
  },
  {
    flag: 'control',
    env: 'AUTH_CONTROL=on',
    help: 'turn the /__control test API on (the default, unless the config file turns it off)',
  },
  { flag: 'no-control', env: 'AUTH_CONTROL=off', help: 'turn the /__control test API off' },
  {
    flag: 'control-token',
    value: '<token>',
    env: 'CONTROL_TOKEN',
    help: 'require Authorization: Bearer <token> on every /__control request',
  },
  { flag: 'help', help: 'show this help' },
];

const usageLine = ({ flag, value, env, help }: Flag) => {
  const left = `  --${flag}${value ? ` ${value}` : ''}`.padEnd(26);
  return `${left}${help}${env ? ` [env ${env}]` : ''}`;
};

export const CLI_USAGE = `Silent Auth Lab mock authorization server

Usage: silent-auth-lab [options]   (from a checkout: npm run server -- [options])

Options (a flag beats its environment variable, which beats the config file):
${CLI_FLAGS.map(usageLine).join('\n')}
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

const parseSwitch = (raw: string, source: string): boolean => {
  if (/^(on|true|1|yes)$/i.test(raw)) return true;
  if (/^(off|false|0|no)$/i.test(raw)) return false;
  throw new CliUsageError(`${source} must be on or off, got "${raw}"`);
};

const nonEmpty = (raw: string, source: string): string => {
  if (raw.trim() === '') throw new CliUsageError(`${source} must not be empty`);
  return raw;
};

type Env = Readonly<Record<string, string | undefined>>;

/** Flags beat environment variables; what neither gives stays undefined. */
export function parseCliOptions(argv: readonly string[], env: Env = {}): CliOptions {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
  /** The flag's value, else its environment variable's, parsed and named for errors. */
  const pick = <T>(
    flag: keyof typeof values,
    envName: string,
    convert: (raw: string, source: string) => T,
  ): T | undefined => {
    const fromFlag = values[flag];
    if (typeof fromFlag === 'string') return convert(fromFlag, `--${flag}`);
    const fromEnv = env[envName];
    return fromEnv === undefined || fromEnv === '' ? undefined : convert(fromEnv, envName);
  };
  if (values.control && values['no-control']) {
    throw new CliUsageError('--control and --no-control contradict each other');
  }
  const control =
    values.control || values['no-control']
      ? Boolean(values.control)
      : env.AUTH_CONTROL
        ? parseSwitch(env.AUTH_CONTROL, 'AUTH_CONTROL')
        : undefined;
  const controlToken = pick('control-token', 'CONTROL_TOKEN', nonEmpty);
  if (controlToken !== undefined && control === false) {
    throw new CliUsageError('A control token makes no sense with the control API off');
  }
  return {
    config: pick('config', 'AUTH_CONFIG', nonEmpty),
    port: pick('port', 'AUTH_PORT', parsePort),
    host: pick('host', 'AUTH_HOST', nonEmpty),
    spaOrigin: pick('spa-origin', 'SPA_ORIGIN', parseOrigin),
    apiAudience: pick('api-audience', 'API_AUDIENCE', nonEmpty),
    control,
    controlToken,
    help: values.help ?? false,
  };
}

const parse = (argv: readonly string[]) =>
  parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      config: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      'spa-origin': { type: 'string' },
      'api-audience': { type: 'string' },
      control: { type: 'boolean' },
      'no-control': { type: 'boolean' },
      'control-token': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
