import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCliOptions } from './cliOptions.ts';
import { resolveServerSettings } from './resolveServerSettings.ts';

const root = mkdtempSync(join(tmpdir(), 'authserver-settings-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const dirWith = (files: Record<string, string>) => {
  const dir = mkdtempSync(join(root, 'case-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
};

const settings = (argv: string[], env: Record<string, string>, cwd: string) =>
  resolveServerSettings(parseCliOptions(argv, env), cwd);

const FILE = JSON.stringify({
  port: 4500,
  host: '127.0.0.1',
  control: false,
  lifetimes: { accessTokenSeconds: 60 },
});

describe('resolveServerSettings', () => {
  it('uses the seeded tenant on the default port when there is no file', async () => {
    const resolved = await settings([], {}, dirWith({}));
    expect(resolved).toMatchObject({ port: 4400, host: 'localhost', configFile: undefined });
    const config = await resolved.configFor(4400);
    expect(config.control).toBe(true);
    expect(config.users.map((u) => u.email)).toEqual(['alice@example.com', 'bob@example.com']);
  });

  it('takes the file in the working directory over the defaults', async () => {
    const resolved = await settings([], {}, dirWith({ 'authserver.config.json': FILE }));
    expect(resolved).toMatchObject({ port: 4500, host: '127.0.0.1' });
    const config = await resolved.configFor(resolved.port);
    expect(config).toMatchObject({ control: false, lifetimes: { accessTokenSeconds: 60 } });
    expect(config.issuers[0]).toBe('http://localhost:4500/');
  });

  it('takes environment variables over the file, and flags over both', async () => {
    const dir = dirWith({ 'authserver.config.json': FILE });
    const env = { AUTH_PORT: '4600', AUTH_CONTROL: 'on', AUTH_HOST: 'localhost' };
    const fromEnv = await settings([], env, dir);
    expect(fromEnv).toMatchObject({ port: 4600, host: 'localhost' });
    expect((await fromEnv.configFor(4600)).control).toBe(true);
    const fromFlags = await settings(['--port', '4700', '--no-control'], env, dir);
    expect(fromFlags.port).toBe(4700);
    expect((await fromFlags.configFor(4700)).control).toBe(false);
  });

  it('reads the file --config (or AUTH_CONFIG) names, relative to the working directory', async () => {
    const dir = dirWith({
      'other.json': JSON.stringify({ port: 4800 }),
      'authserver.config.json': FILE,
    });
    expect((await settings(['--config', 'other.json'], {}, dir)).port).toBe(4800);
    expect((await settings([], { AUTH_CONFIG: join(dir, 'other.json') }, dir)).port).toBe(4800);
  });

  it('turns the control API on behind the token a flag gives, over the file', async () => {
    const dir = dirWith({ 'authserver.config.json': FILE });
    const config = await (await settings([], { CONTROL_TOKEN: 't0ken' }, dir)).configFor(4500);
    expect(config).toMatchObject({ control: true, controlToken: 't0ken' });
  });

  it('shapes the seeded SPA client with --spa-origin', async () => {
    const resolved = await settings(['--spa-origin', 'http://localhost:3000'], {}, dirWith({}));
    const config = await resolved.configFor(4400);
    expect(config.clients[0]?.webOrigins).toEqual(['http://localhost:3000']);
  });

  it('names the file when its config is invalid', async () => {
    const dir = dirWith({ 'authserver.config.json': '{"lifetimes": {"accessTokenSeconds": -1}}' });
    const resolved = await settings([], {}, dir);
    await expect(resolved.configFor(4400)).rejects.toThrow(
      'authserver.config.json: lifetimes.accessTokenSeconds: expected a positive number of seconds',
    );
  });
});
