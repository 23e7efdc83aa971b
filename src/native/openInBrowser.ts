import { spawn } from 'node:child_process';

export interface BrowserCommand {
  command: string;
  args: string[];
  /** Windows: pass the arguments to cmd.exe as they are (they are escaped here). */
  verbatim: boolean;
}

/** How each platform hands a URL to the user's default browser. */
export function browserCommandFor(platform: NodeJS.Platform, url: string): BrowserCommand {
  if (platform === 'darwin') return { command: 'open', args: [url], verbatim: false };
  if (platform === 'win32') {
    // As Node's own `shell: true` does: cmd /d /s /c "<line>". `start` is a cmd built-in whose
    // first quoted argument is a window title; the URL's & | < > ^ are escaped for cmd.
    return {
      command: 'cmd.exe',
      args: ['/d', '/s', '/c', `"start "" ${url.replace(/[&^|<>]/g, '^$&')}"`],
      verbatim: true,
    };
  }
  return { command: 'xdg-open', args: [url], verbatim: false };
}

/**
 * Starts the platform's opener and leaves it running. Resolves false when it could not be
 * started (say, no xdg-open on a server); whether a browser then shows up is beyond knowing.
 */
export function openInBrowser(
  url: string,
  platform: NodeJS.Platform = process.platform,
): Promise<{ opened: boolean; command: string }> {
  const { command, args, verbatim } = browserCommandFor(platform, url);
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      detached: true,
      stdio: 'ignore',
      windowsVerbatimArguments: verbatim,
    });
    child.once('error', () => resolve({ opened: false, command }));
    child.once('spawn', () => {
      child.unref();
      resolve({ opened: true, command });
    });
  });
}
