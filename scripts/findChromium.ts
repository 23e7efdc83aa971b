import { existsSync } from 'node:fs';

export const CHROMIUM_HELP = `No Chromium found for the end-to-end tests. Get one of:
  npx playwright install chromium        (Playwright's own build, where downloads are allowed)
  apt-get install -y chromium            (Debian's package: /usr/bin/chromium)
or point CHROMIUM_PATH at a Chromium or Chrome binary.`;

export interface ChromiumChoice {
  /** undefined: Playwright's own bundled browser. */
  executablePath: string | undefined;
  source: 'playwright' | 'CHROMIUM_PATH' | 'system';
}

/** Playwright's own browser if installed, else $CHROMIUM_PATH, else Debian's /usr/bin/chromium. */
export function findChromium(
  playwrightExecutable: string | undefined,
  env: Record<string, string | undefined>,
  exists: (path: string) => boolean = existsSync,
): ChromiumChoice {
  if (playwrightExecutable && exists(playwrightExecutable)) {
    return { executablePath: undefined, source: 'playwright' };
  }
  const fromEnv = env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!exists(fromEnv))
      throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist.\n${CHROMIUM_HELP}`);
    return { executablePath: fromEnv, source: 'CHROMIUM_PATH' };
  }
  for (const path of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (exists(path)) return { executablePath: path, source: 'system' };
  }
  throw new Error(CHROMIUM_HELP);
}

/**
 * How every Playwright run here launches Chromium: the browser findChromium picks, with the
 * flags this machine needs (no network beyond loopback; see ../shared/DESIGN.md "Browser facts").
 */
export function chromiumLaunchOptions(
  playwrightExecutable: string | undefined,
  env: Record<string, string | undefined> = process.env,
): { executablePath: string | undefined; args: string[] } {
  return {
    executablePath: findChromium(playwrightExecutable, env).executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  };
}
