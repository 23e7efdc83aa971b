import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PortTakenError } from './listen.ts';
import { parseStackOptions, STACK_USAGE, StackOptionsError } from './stackOptions.ts';
import { BUILT_SPA, startStack } from './startStack.ts';

async function main(): Promise<void> {
  const options = parseStackOptions(process.argv.slice(2), process.env);
  if (options === 'help') {
    console.log(STACK_USAGE);
    return;
  }
  if (!options.dev && !existsSync(join(BUILT_SPA, 'index.html'))) {
    throw new StackOptionsError(
      'The SPA is not built: run `npm run build` first (`npm start` does).',
    );
  }
  const stack = await startStack(options);
  console.log(`
Silent Auth Lab is running.

  SPA                   ${stack.urls.spa}
  authorization server  ${stack.urls.auth}   (discovery: ${stack.urls.auth}/.well-known/openid-configuration)
  demo API              ${stack.urls.api}

Test users:
${stack.users.map((u) => `  ${u.email.padEnd(22)} password: ${u.password}`).join('\n')}

Press Ctrl-C to stop.`);

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping…');
    stack.close().then(() => process.exit(0));
    setTimeout(() => process.exit(0), 3_000).unref();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const known = error instanceof StackOptionsError || error instanceof PortTakenError;
  console.error(known ? (error as Error).message : error);
  process.exit(1);
});
