import { stat } from 'node:fs/promises';
import { fingerprint } from './fingerprint.ts';
import type { NativeDemoContext } from './nativeDemoContext.ts';
import { loginHint } from './refreshStoredToken.ts';
import { readTokenFile } from './tokenFile.ts';

/** What is stored, read from the file alone: whether the server still honours it is refresh's job. */
export async function status({ options, io, tokenFile, tokenFileShown }: NativeDemoContext) {
  const stored = await readTokenFile(tokenFile);
  if (!stored) {
    io.out(`Not signed in to ${options.issuer}: no token file at ${tokenFileShown}.`);
    io.out(`Run ${loginHint} to sign in.`);
    return;
  }
  const mode = ((await stat(tokenFile)).mode & 0o777).toString(8).padStart(4, '0');
  io.out(`Signed in to ${stored.issuer} as ${stored.user}.`);
  io.out(`  client         ${stored.clientId}`);
  io.out(`  device         ${stored.device}`);
  io.out(`  audience       ${stored.audience}`);
  io.out(`  scope          ${stored.scope}`);
  io.out(`  refresh_token  ${fingerprint(stored.refreshToken)}`);
  io.out(`  signed in at   ${stored.savedAt}`);
  io.out(`  last refresh   ${stored.refreshedAt ?? 'never'}`);
  io.out(`  token file     ${tokenFileShown} (mode ${mode})`);
  io.out('No request was made: run refresh to see whether the server still accepts the token.');
}
