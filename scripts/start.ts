import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PortTakenError } from './listen.ts';
import { parseStackOptions, STACK_USAGE, StackOptionsError } from './stackOptions.ts';
import { BUILT_SPA, DEMO_LIFETIMES, startStack } from './startStack.ts';

const lifetimesNote = (lifetimes: 'demo' | 'auth0') =>
  lifetimes === 'demo'
    ? `Access tokens live ${DEMO_LIFETIMES.accessTokenSeconds} s: sign in and watch the SPA renew about a minute later
(Auth0's 24 h defaults: npm start -- --auth0-lifetimes).`
    : "Auth0's default lifetimes: access token 24 h, ID token 10 h (use Renew now to see a renewal).";

async function main(): Promise<void> {
  const options = parseStackOptions(process.argv.slice(2), process.env);
  if (options === 'help') {
    console.log(STACK_USAGE);
    return;
  }
  // Flags first: --help or a typo answers at once, not after a build.
  if (options.build && !options.dev) {
    const { build } = await import('vite');
    await build({ configFile: join(import.meta.dirname, '..', 'vite.config.ts') });
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

${lifetimesNote(options.lifetimes)}

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
