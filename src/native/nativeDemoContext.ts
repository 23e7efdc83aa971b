import { relative, sep } from 'node:path';
import type { NativeDemoOptions } from './nativeDemoOptions.ts';
import { tokenFilePathFor } from './tokenFile.ts';

export interface NativeDemoIo {
  /** One line of human-readable output. */
  out(line: string): void;
  /** Hands the sign-in URL to a browser; the system browser unless a test plays one. */
  openUrl(url: string): Promise<{ opened: boolean; command: string }>;
  now(): Date;
  cwd: string;
}

/** What every command gets: the parsed options, the outside world, and where the token lives. */
export interface NativeDemoContext {
  options: NativeDemoOptions;
  io: NativeDemoIo;
  tokenFile: string;
  /** The token file's path as a person would type it from the working directory. */
  tokenFileShown: string;
}

export function createNativeDemoContext(
  options: NativeDemoOptions,
  io: NativeDemoIo,
): NativeDemoContext {
  const tokenFile = tokenFilePathFor(options.dataDir, options.issuer);
  const shown = relative(io.cwd, tokenFile);
  return {
    options,
    io,
    tokenFile,
    tokenFileShown: shown === '' || shown.startsWith(`..${sep}`) ? tokenFile : shown,
  };
}
