import { CLI_USAGE, CliUsageError, parseCliOptions } from './cliOptions.ts';
import { seedConfig } from './config.ts';
import { createAuthServer } from './createAuthServer.ts';
import { listenAuthServer, PortInUseError } from './listen.ts';

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
  const server = createAuthServer({
    ...seedConfig({
      port: options.port,
      spaOrigin: options.spaOrigin,
      ...(options.apiAudience ? { apiAudience: options.apiAudience } : {}),
    }),
    control: options.control,
  });
  let running: Awaited<ReturnType<typeof listenAuthServer>>;
  try {
    running = await listenAuthServer(server, { port: options.port, hostname: options.host });
  } catch (error) {
    if (!(error instanceof PortInUseError)) throw error;
    process.stderr.write(
      `${error.message}. Stop whatever uses it, or pick another port with --port <n> or AUTH_PORT=<n>.\n`,
    );
    return 1;
  }
  process.stdout.write(
    `Authorization server listening on ${running.url}\n` +
      `  issuers: ${server.config.issuers.join(', ')}\n` +
      `  control API: ${options.control ? `${running.url}/__control` : 'off'}\n`,
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
