import { describe, expect, it } from 'vitest';
import { browserCommandFor } from './openInBrowser.ts';

const url = 'http://localhost:4400/authorize?client_id=a&state=b';

describe('browserCommandFor', () => {
  it('uses xdg-open on Linux and other Unixes', () => {
    expect(browserCommandFor('linux', url)).toEqual({
      command: 'xdg-open',
      args: [url],
      verbatim: false,
    });
    expect(browserCommandFor('freebsd', url).command).toBe('xdg-open');
  });

  it('uses open on macOS', () => {
    expect(browserCommandFor('darwin', url)).toEqual({
      command: 'open',
      args: [url],
      verbatim: false,
    });
  });

  it("uses cmd's start on Windows, with & escaped so cmd does not split the URL", () => {
    const { command, args, verbatim } = browserCommandFor('win32', url);
    expect(command).toBe('cmd.exe');
    expect(verbatim).toBe(true);
    expect(args.at(-1)).toBe('"start "" http://localhost:4400/authorize?client_id=a^&state=b"');
  });
});
