import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAuthServerConfig, seedConfig } from './config.ts';
import { applyConfigFile, findConfigFile, readConfigFile } from './configFile.ts';

const root = mkdtempSync(join(tmpdir(), 'authserver-config-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A fresh directory with these files in it. */
const dirWith = (files: Record<string, string>) => {
  const dir = mkdtempSync(join(root, 'case-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
};

/** Reads, applies and validates a config file the way the command line does. */
async function load(dir: string, name: string, port = 4400) {
  const file = await readConfigFile(name, dir);
  return parseAuthServerConfig(await applyConfigFile(file, seedConfig({ port }), port), file.name);
}

const errorOf = async (promise: Promise<unknown>): Promise<string> => {
  try {
    await promise;
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a failure');
};

describe('findConfigFile', () => {
  it('finds authserver.config.* in the directory, TypeScript first', () => {
    const dir = dirWith({
      'authserver.config.json': '{}',
      'authserver.config.ts': 'export default {}',
    });
    expect(findConfigFile(dir)).toBe(join(dir, 'authserver.config.ts'));
    expect(findConfigFile(dirWith({}))).toBeUndefined();
  });
});

describe('a JSON config file', () => {
  it('is laid over the seeded tenant key by key, with port and host for the command line', async () => {
    const dir = dirWith({
      'authserver.config.json': JSON.stringify({
        $schema: 'ignored',
        port: 4500,
        host: '127.0.0.1',
        lifetimes: { accessTokenSeconds: 60 },
        users: [{ userId: 'auth0|carol', email: 'carol@example.com', password: 'x' }],
      }),
    });
    const file = await readConfigFile('authserver.config.json', dir);
    expect(file).toMatchObject({ name: 'authserver.config.json', port: 4500, host: '127.0.0.1' });
    const config = await load(dir, 'authserver.config.json', 4500);
    expect(config.lifetimes.accessTokenSeconds).toBe(60);
    expect(config.users.map((u) => u.userId)).toEqual(['auth0|carol']);
    expect(config.clients.map((c) => c.clientId)).toContain('silent-auth-lab-spa');
    expect(config.issuers).toEqual(['http://localhost:4500/', 'http://127.0.0.1:4500/']);
  });

  it('names the file, the path and what was expected', async () => {
    const dir = dirWith({
      'authserver.config.json': JSON.stringify({
        clients: [
          { clientId: 'ok', redirectUris: ['http://localhost:3000/cb'] },
          { clientId: 'bad', redirectUris: ['not a url'] },
        ],
      }),
    });
    expect(await errorOf(load(dir, 'authserver.config.json'))).toContain(
      'authserver.config.json: clients[1].redirectUris[0]: expected an absolute URL',
    );
  });

  it.each([
    ['broken JSON', '{"clients": [', 'authserver.config.json: is not valid JSON'],
    ['an array', '[]', 'authserver.config.json: expected a config object'],
    ['a bad port', '{"port": 70000}', 'authserver.config.json: port: expected a port number'],
    [
      'an unknown key',
      '{"client": []}',
      'authserver.config.json: (config): Unrecognized key: "client"',
    ],
    [
      'a wrong type',
      '{"lifetimes": {"codeSeconds": "60"}}',
      'authserver.config.json: lifetimes.codeSeconds:',
    ],
  ])('refuses %s', async (_, text, message) => {
    const dir = dirWith({ 'authserver.config.json': text });
    expect(await errorOf(load(dir, 'authserver.config.json'))).toContain(message);
  });

  it('names a missing file', async () => {
    expect(await errorOf(readConfigFile('nowhere.json', dirWith({})))).toContain(
      'nowhere.json: no such file',
    );
  });
});

describe('a TypeScript or JavaScript config file', () => {
  it('may be a function of the seeded config and the port', async () => {
    const dir = dirWith({
      'authserver.config.ts': `
        type Seed = { users?: unknown[] };
        export default (seed: Seed, { port }: { port: number }) => ({
          ...seed,
          users: [...(seed.users ?? []), { userId: 'auth0|p' + port, email: 'p@example.com', password: 'x' }],
        });`,
    });
    const config = await load(dir, 'authserver.config.ts', 4600);
    expect(config.users.map((u) => u.userId)).toEqual(['auth0|alice', 'auth0|bob', 'auth0|p4600']);
  });

  it('may export an object (.mjs)', async () => {
    const dir = dirWith({ 'authserver.config.mjs': 'export default { control: false };' });
    expect((await load(dir, 'authserver.config.mjs')).control).toBe(false);
  });

  it('resolves rule module paths beside the config file', async () => {
    const dir = dirWith({
      'authserver.config.ts': `export default { rules: ['./addRole.ts'] };`,
      'addRole.ts': 'export default () => undefined;',
    });
    expect((await load(dir, 'authserver.config.ts')).rules).toEqual([join(dir, 'addRole.ts')]);
  });

  it('names the file and path of a bad value', async () => {
    const dir = dirWith({
      'authserver.config.ts': `export default (seed: object) => ({ ...seed, users: [{ userId: 'x', email: 'nope', password: 'p' }] });`,
    });
    expect(await errorOf(load(dir, 'authserver.config.ts'))).toContain(
      'authserver.config.ts: users[0].email: expected an email address',
    );
  });

  it.each([
    ['no default export', 'export const config = {};', 'expected a default export'],
    ['a syntax error', 'export default {', 'could not be loaded'],
    [
      'a function that throws',
      'export default () => { throw new Error("boom"); };',
      'the config function threw: boom',
    ],
    ['a function returning nothing', 'export default () => undefined;', 'must return an object'],
  ])('refuses %s, naming the file', async (_, text, message) => {
    const dir = dirWith({ 'authserver.config.ts': text });
    const error = await errorOf(load(dir, 'authserver.config.ts'));
    expect(error).toContain('authserver.config.ts: ');
    expect(error).toContain(message);
  });
});
