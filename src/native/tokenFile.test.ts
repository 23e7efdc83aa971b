import { chmod, mkdtemp, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  deleteTokenFile,
  readTokenFile,
  type StoredTokens,
  TokenFileError,
  tokenFilePathFor,
  writeTokenFile,
} from './tokenFile.ts';

const tokens: StoredTokens = {
  version: 1,
  issuer: 'http://localhost:4400/',
  clientId: 'silent-auth-lab-native',
  audience: 'http://localhost:4401/',
  device: 'test laptop',
  subject: 'auth0|alice',
  user: 'auth0|alice (Alice Liddell <alice@example.com>)',
  scope: 'openid offline_access',
  refreshToken: 'refresh-token-value',
  savedAt: '2026-01-02T03:04:05.000Z',
  refreshedAt: null,
};

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'native-demo-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const mode = async (path: string) => (await stat(path)).mode & 0o777;
const posixOnly = process.platform === 'win32' ? it.skip : it;

describe('tokenFilePathFor', () => {
  it('keeps one file per issuer', () => {
    expect(tokenFilePathFor('/data', 'http://localhost:4400/')).toBe('/data/localhost_4400.json');
    expect(tokenFilePathFor('/data', 'http://localhost:4410/')).toBe('/data/localhost_4410.json');
    expect(tokenFilePathFor('/data', 'http://[::1]:4400/')).toBe('/data/___1__4400.json');
    expect(tokenFilePathFor('/data', 'https://tenant.example.com/')).toBe(
      '/data/tenant.example.com.json',
    );
  });
});

describe('token file', () => {
  posixOnly(
    'is written readable by its owner only, in a directory only the owner can enter',
    async () => {
      const path = join(dir, 'nested', 'native-demo', 'localhost_4400.json');
      await writeTokenFile(path, tokens);
      expect(await mode(path)).toBe(0o600);
      expect(await mode(join(dir, 'nested', 'native-demo'))).toBe(0o700);
      expect(await readTokenFile(path)).toEqual(tokens);
    },
  );

  posixOnly('stays 0600 when rewritten, and leaves no temporary file behind', async () => {
    const path = join(dir, 'localhost_4400.json');
    await writeTokenFile(path, tokens);
    await writeTokenFile(path, { ...tokens, refreshToken: 'rotated', refreshedAt: tokens.savedAt });
    expect(await mode(path)).toBe(0o600);
    expect((await readTokenFile(path))?.refreshToken).toBe('rotated');
    expect(await readdir(dir)).toEqual(['localhost_4400.json']);
  });

  it('reads as undefined when there is none (not signed in)', async () => {
    expect(await readTokenFile(join(dir, 'missing.json'))).toBeUndefined();
  });

  posixOnly.each([0o644, 0o640, 0o604, 0o660, 0o666])(
    'refuses to read a file with mode 0%o: the token may have leaked',
    async (wider) => {
      const path = join(dir, 'localhost_4400.json');
      await writeTokenFile(path, tokens);
      await chmod(path, wider);
      const reading = readTokenFile(path);
      await expect(reading).rejects.toThrow(TokenFileError);
      await expect(readTokenFile(path)).rejects.toThrow(
        `has mode 0${wider.toString(8)}: users other than you may read it`,
      );
      await expect(readTokenFile(path)).rejects.toThrow(/Revoke it/);
    },
  );

  posixOnly('refuses a symbolic link, even to a private file', async () => {
    const real = join(dir, 'real.json');
    await writeTokenFile(real, tokens);
    const link = join(dir, 'localhost_4400.json');
    await symlink(real, link);
    await expect(readTokenFile(link)).rejects.toThrow('is a symbolic link');
  });

  it('refuses a file it did not write', async () => {
    const path = join(dir, 'localhost_4400.json');
    await writeFile(path, '{"refreshToken": 42}', { mode: 0o600 });
    await expect(readTokenFile(path)).rejects.toThrow('is not a token file this demo wrote');
    await writeFile(path, 'not json', { mode: 0o600 });
    await expect(readTokenFile(path)).rejects.toThrow('is not a token file this demo wrote');
  });

  it('is deleted, and says whether there was one', async () => {
    const path = join(dir, 'localhost_4400.json');
    await writeTokenFile(path, tokens);
    expect(await deleteTokenFile(path)).toBe(true);
    expect(await readTokenFile(path)).toBeUndefined();
    expect(await deleteTokenFile(path)).toBe(false);
  });
});
