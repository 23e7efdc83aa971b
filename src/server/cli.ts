import { CLI_USAGE, CliUsageError, parseCliOptions } from './cliOptions.ts';
import { AuthServerConfigError } from './config.ts';
import { createAuthServer } from './createAuthServer.ts';
import { PortInUseError, serveAuthServer } from './listen.ts';
import { resolveServerSettings } from './resolveServerSettings.ts';

/** Resolves with an exit code, or undefined once the server is listening (it then runs until a signal). */
async function main(): Promise<number | undefined> {
  let options: ReturnType<typeof parseCliOptions>;
  try {
    options = parseCliOptions(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${CLI_USAGE}`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(CLI_USAGE);
    return 0;
  }
  let running: Awaited<ReturnType<typeof serveAuthServer>>;
  try {
    const settings = await resolveServerSettings(options);
    running = await serveAuthServer(
      async (port) => createAuthServer(await settings.configFor(port)),
      { port: settings.port, hostname: settings.host },
    );
  } catch (error) {
    if (error instanceof PortInUseError) {
      process.stderr.write(
        `${error.message}. Stop whatever uses it, or pick another port with --port <n> or AUTH_PORT=<n>.\n`,
      );
      return 1;
    }
    if (error instanceof AuthServerConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
  const { config } = running.server;
  process.stdout.write(
    `Authorization server listening on ${running.url}\n` +
      `  issuers: ${config.issuers.join(', ')}\n` +
      `  control API: ${config.control ? `${running.url}/__control${config.controlToken ? ' (token required)' : ''}` : 'off'}\n`,
  );
  const stop = () => {
    running.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return undefined;
}

main().then(
  (code) => {
    if (code !== undefined) process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
