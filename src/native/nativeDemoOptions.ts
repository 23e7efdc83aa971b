import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { apiAudienceFor, DEFAULT_PORTS, issuerFor, originOf } from '../protocol/defaults.ts';

export const NATIVE_DEMO_COMMANDS = ['login', 'refresh', 'status', 'call-api', 'logout'] as const;
export type NativeDemoCommand = (typeof NATIVE_DEMO_COMMANDS)[number];

export interface NativeDemoOptions {
  command: NativeDemoCommand | 'help';
  /** With its trailing slash, as the server writes it. */
  issuer: string;
  /** The demo API's origin (call-api) and, with a trailing slash, its audience (login). */
  api: string;
  audience: string;
  /** Sent as the `device` authorize parameter: the refresh token is bound to it. */
  device: string;
  openBrowser: boolean;
  /** Where the token file lives (absolute). */
  dataDir: string;
}

/** Relative to the working directory, which is the project root under `npm run`. */
export const DEFAULT_DATA_DIR = '.data/native-demo';

export const NATIVE_DEMO_USAGE = `Silent Auth Lab native demo: an installed app that may hold a refresh token.

Usage: npm run native-demo -- <command> [options]

Commands:
  login      sign in through the system browser (loopback redirect, PKCE, offline_access)
             and store the refresh token in a file only you can read
  refresh    exchange the stored refresh token for a new access token
  status     show what is stored (no network)
  call-api   refresh, then call the demo API's /api/profile with the new access token
  logout     revoke the refresh token at /oauth/revoke and delete the file
  help       show this help

Options:
  --issuer <url>     authorization server (default ${issuerFor(originOf(DEFAULT_PORTS.auth))})
  --api <url>        demo API origin; its audience is this origin with a trailing slash
                     (default ${originOf(DEFAULT_PORTS.api)})
  --device <name>    device name the refresh token is bound to (default "native-demo on <hostname>")
  --no-browser       print the sign-in URL instead of opening a browser (headless machines)
  --data-dir <dir>   where the token file lives (default ${DEFAULT_DATA_DIR}, one file per issuer)
  -h, --help         show this help
`;

export class NativeDemoUsageError extends Error {
  override name = 'NativeDemoUsageError';
}

const MAX_DEVICE_LENGTH = 64;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** An http(s) origin, possibly written with a trailing slash; nothing else (no path, query, hash). */
function parseOrigin(raw: string, flag: string, example: string): string {
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {}
  if (
    url === undefined ||
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    url.pathname !== '/' ||
    url.search !== '' ||
    url.hash !== '' ||
    url.username !== '' ||
    url.password !== ''
  ) {
    throw new NativeDemoUsageError(
      `${flag} must be an http(s) origin such as ${example}, got "${raw}"`,
    );
  }
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) {
    throw new NativeDemoUsageError(
      `${flag} must use https unless it is on this machine (localhost, 127.0.0.1, [::1]): a refresh token must not cross a network in the clear, got "${raw}"`,
    );
  }
  return url.origin;
}

function parseDevice(raw: string): string {
  const device = raw.trim();
  // Control characters would garble the dashboard and this demo's own output.
  if (device === '' || device.length > MAX_DEVICE_LENGTH || /\p{Cc}/u.test(device)) {
    throw new NativeDemoUsageError(
      `--device must be a name of 1 to ${MAX_DEVICE_LENGTH} printable characters, got "${raw}"`,
    );
  }
  return device;
}

function parseCommand(positionals: readonly string[]): NativeDemoCommand | 'help' {
  const [command, ...extra] = positionals;
  const known = `Commands: ${NATIVE_DEMO_COMMANDS.join(', ')}, help.`;
  if (command === undefined) throw new NativeDemoUsageError(`Which command? ${known}`);
  if (command !== 'help' && !(NATIVE_DEMO_COMMANDS as readonly string[]).includes(command)) {
    throw new NativeDemoUsageError(`Unknown command "${command}". ${known}`);
  }
  if (extra.length > 0) {
    throw new NativeDemoUsageError(`Unexpected argument "${extra[0]}" after ${command}.`);
  }
  return command as NativeDemoCommand | 'help';
}

export interface OptionDefaults {
  cwd: string;
  hostname: string;
}

export function parseNativeDemoOptions(
  argv: readonly string[],
  defaults: OptionDefaults = { cwd: process.cwd(), hostname: hostname() },
): NativeDemoOptions {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    // node:util names the flag; its wording is clear enough ("Unknown option '--x'").
    throw new NativeDemoUsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const command = values.help ? 'help' : parseCommand(positionals);
  const issuerOrigin = parseOrigin(
    values.issuer ?? originOf(DEFAULT_PORTS.auth),
    '--issuer',
    'http://localhost:4400/',
  );
  const api = parseOrigin(
    values.api ?? originOf(DEFAULT_PORTS.api),
    '--api',
    'http://localhost:4401',
  );
  if (values['data-dir'] === '') throw new NativeDemoUsageError('--data-dir must not be empty');
  return {
    command,
    issuer: issuerFor(issuerOrigin),
    api,
    audience: apiAudienceFor(api),
    device: parseDevice(values.device ?? `native-demo on ${defaults.hostname.slice(0, 40)}`),
    openBrowser: !values['no-browser'],
    dataDir: resolve(defaults.cwd, values['data-dir'] ?? DEFAULT_DATA_DIR),
  };
}

const parse = (argv: readonly string[]) =>
  parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: true,
    options: {
      issuer: { type: 'string' },
      api: { type: 'string' },
      device: { type: 'string' },
      'no-browser': { type: 'boolean' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
