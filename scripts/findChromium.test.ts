import { describe, expect, it } from 'vitest';
import { chromiumLaunchOptions, findChromium } from './findChromium.ts';

const only =
  (...paths: string[]) =>
  (path: string) =>
    paths.includes(path);

describe('findChromium', () => {
  it("prefers Playwright's own browser when it is installed", () => {
    expect(findChromium('/pw/chrome', { CHROMIUM_PATH: '/x' }, only('/pw/chrome', '/x'))).toEqual({
      executablePath: undefined,
      source: 'playwright',
    });
  });

  it('uses CHROMIUM_PATH next', () => {
    expect(findChromium('/pw/chrome', { CHROMIUM_PATH: '/x' }, only('/x')).executablePath).toBe(
      '/x',
    );
  });

  it('names a CHROMIUM_PATH that does not exist', () => {
    expect(() => findChromium(undefined, { CHROMIUM_PATH: '/nope' }, only())).toThrow(
      'CHROMIUM_PATH=/nope does not exist.',
    );
  });

  it("falls back to Debian's chromium", () => {
    expect(findChromium(undefined, {}, only('/usr/bin/chromium')).executablePath).toBe(
      '/usr/bin/chromium',
    );
  });

  it('says how to get a browser when there is none', () => {
    expect(() => findChromium(undefined, {}, only())).toThrow(/apt-get install -y chromium/);
  });
});

describe('chromiumLaunchOptions', () => {
  it('launches the chosen browser without background networking', () => {
    const options = chromiumLaunchOptions(undefined, { CHROMIUM_PATH: process.execPath });
    expect(options.executablePath).toBe(process.execPath);
    expect(options.args).toContain('--disable-background-networking');
  });
});
