/**
 * `npm run native-demo -- <command>`: an installed app that may hold a refresh token, built on
 * openid-client (a devDependency: this is a development tool, run from a checkout).
 */
import { hostname } from 'node:os';
import { openInBrowser } from './openInBrowser.ts';
import { runNativeDemo } from './runNativeDemo.ts';

const code = await runNativeDemo(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  openUrl: (url) => openInBrowser(url),
  now: () => new Date(),
  cwd: process.cwd(),
  hostname: hostname(),
});
// A browser opener may linger (detached, unref'd); nothing else should keep the process up.
process.exitCode = code;
