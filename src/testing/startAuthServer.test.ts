import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ControlError } from './controlClient.ts';
import { type StartedAuthServer, startAuthServer } from './startAuthServer.ts';

const started: StartedAuthServer[] = [];
const start = async (...args: Parameters<typeof startAuthServer>) => {
  const server = await startAuthServer(...args);
  started.push(server);
  return server;
};
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()));
});

const portIsFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });

describe('startAuthServer', () => {
  it('starts on a free port with the issuer of that port', async () => {
    const auth = await start();
    const discovery = await (await fetch(`${auth.url}/.well-known/openid-configuration`)).json();
    expect(discovery.issuer).toBe(auth.issuer);
    expect(auth.issuer).toBe(`http://localhost:${auth.port}/`);
  });

  it('answers cross-site on 127.0.0.1 with that origin as issuer', async () => {
    const auth = await start();
    const res = await fetch(`http://127.0.0.1:${auth.port}/.well-known/openid-configuration`);
    expect((await res.json()).issuer).toBe(`http://127.0.0.1:${auth.port}/`);
  });

  it('registers the app under test as the SPA client', async () => {
    const auth = await start({ spaOrigin: 'http://localhost:3999' });
    const client = auth.server.config.clients.find((c) => c.clientId === 'silent-auth-lab-spa');
    expect(client?.webOrigins).toEqual(['http://localhost:3999']);
    expect(client?.redirectUris).toContain('http://localhost:3999/callback');
  });

  it('lets the test adjust the seeded config', async () => {
    const auth = await start({
      config: (seeded) => ({ ...seeded, lifetimes: { accessTokenSeconds: 5 } }),
    });
    expect(auth.server.config.lifetimes.accessTokenSeconds).toBe(5);
  });

  it('refuses a config it cannot accept, naming the path', async () => {
    await expect(
      start({ port: 0, config: (seeded) => ({ ...seeded, clients: [{ clientId: '' }] }) }),
    ).rejects.toThrow(/clients\[0\]/);
  });

  it('gives each server its own state', async () => {
    const [a, b] = await Promise.all([start(), start()]);
    expect(a.port).not.toBe(b.port);
    await a.control.setLifetimes({ accessTokenSeconds: 7 });
    expect((await b.control.setLifetimes({})).accessTokenSeconds).not.toBe(7);
  });

  it('is steered by the control client and reports refusals as ControlError', async () => {
    const auth = await start();
    await expect(auth.control.health()).resolves.toEqual({ ok: true });
    expect(await auth.control.setLifetimes({ accessTokenSeconds: 30 })).toMatchObject({
      accessTokenSeconds: 30,
    });
    expect(await auth.control.endSessions()).toBe(0);
    await auth.control.reset();
    await expect(auth.control.setLifetimes({ accessTokenSeconds: -1 })).rejects.toBeInstanceOf(
      ControlError,
    );
  });

  it('frees its port when closed', async () => {
    const auth = await startAuthServer();
    await auth.close();
    expect(await portIsFree(auth.port)).toBe(true);
  });
});
