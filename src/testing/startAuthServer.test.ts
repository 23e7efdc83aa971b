import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ControlError, createControlClient } from './controlClient.ts';
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

const REPO = join(import.meta.dirname, '..', '..');

/** Runs node in the repository; resolves with its exit code and output. */
const runNode = (args: string[]) =>
  new Promise<{ code: number | null; stdout: string }>((resolve) => {
    const child = spawn(process.execPath, args, { cwd: REPO });
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.once('exit', (code) => resolve({ code, stdout }));
  });

/** How many of each kind of handle keep this process alive. */
const handleCounts = (): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const type of process.getActiveResourcesInfo()) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
};

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

  it('lets the test adjust the seeded config with a function of it', async () => {
    const auth = await start({
      config: (seeded, { port }) => ({
        ...seeded,
        lifetimes: { accessTokenSeconds: 5 },
        users: [{ userId: `auth0|p${port}`, email: 'p@example.com', password: 'x' }],
      }),
    });
    expect(auth.server.config.lifetimes.accessTokenSeconds).toBe(5);
    expect(auth.server.config.users[0]?.userId).toBe(`auth0|p${auth.port}`);
  });

  it('lays a config object over the seeded one, and a config file under both', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kit-config-'));
    try {
      const file = join(dir, 'authserver.config.json');
      writeFileSync(
        file,
        JSON.stringify({ port: 1, lifetimes: { codeSeconds: 5 }, control: true }),
      );
      const auth = await start({
        configFile: file,
        config: { rateLimits: { refreshToken: null } },
      });
      expect(auth.server.config.lifetimes.codeSeconds).toBe(5);
      expect(auth.server.config.rateLimits.refreshToken).toBeNull();
      expect(auth.server.config.clients.length).toBeGreaterThan(0);
      expect(auth.port).not.toBe(1);
      writeFileSync(file, JSON.stringify({ users: [{ userId: 'x' }] }));
      await expect(start({ configFile: file })).rejects.toThrow(
        'authserver.config.json: users[0].email:',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('puts the control API behind a token the returned client sends', async () => {
    const auth = await start({ controlToken: 'kit-token' });
    expect((await fetch(`${auth.url}/__control/health`)).status).toBe(401);
    await expect(auth.control.health()).resolves.toEqual({ ok: true });
    const stranger = createControlClient(auth.url);
    await expect(stranger.reset()).rejects.toMatchObject({ status: 401 });
  });

  it('refuses a config it cannot accept, naming the path', async () => {
    await expect(
      start({ port: 0, config: (seeded) => ({ ...seeded, clients: [{ clientId: '' }] }) }),
    ).rejects.toThrow(/clients\[0\]/);
  });

  it('gives each of two servers started in parallel its own state', async () => {
    const [a, b] = await Promise.all([start(), start()]);
    expect(a.port).not.toBe(b.port);
    await a.control.setLifetimes({ accessTokenSeconds: 7 });
    await a.control.createSession({ email: 'alice@example.com' });
    await a.control.forceError('/authorize', 'login_required', { times: null });
    await a.control.freezeClock('2031-01-01T00:00:00Z');
    await a.control.setCookieBlocking('all-framed');
    await fetch(`${a.url}/.well-known/jwks.json`);
    expect((await b.control.getLifetimes()).accessTokenSeconds).toBe(86_400);
    expect(await b.control.endSessions()).toBe(0);
    expect(await b.control.listFaults()).toEqual([]);
    expect((await b.control.getClock()).frozen).toBe(false);
    expect(await b.control.requests()).toEqual([]);
    expect(await b.control.events()).toEqual([]);
    expect(await a.control.events()).toHaveLength(1);
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

  it('closes with a hung and a delayed request in flight, leaving no open handles', async () => {
    const baseline = handleCounts();
    const auth = await startAuthServer();
    await auth.control.hang('/authorize');
    await auth.control.delay('/.well-known/jwks.json', 60_000);
    const hung = fetch(`${auth.url}/authorize`).then(
      (r) => r.status,
      () => 'closed',
    );
    const delayed = fetch(`${auth.url}/.well-known/jwks.json`).then(
      (r) => r.status,
      () => 'closed',
    );
    await expect
      .poll(async () => (await auth.control.requests()).filter((r) => r.status === null).length)
      .toBe(2);
    const started = performance.now();
    await auth.close();
    // Closing did not wait for either request (the hang never ends, the delay takes 60 s): a
    // cause, not a speed, so the bound is far from what a loaded machine takes to close.
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(await hung).toMatch(/^(closed|503)$/);
    expect(await delayed).toMatch(/^(closed|503)$/);
    expect(await portIsFree(auth.port)).toBe(true);
    // Client sockets see the close a moment later.
    await expect
      .poll(() => {
        const now = handleCounts();
        return ['TCPServerWrap', 'TCPSocketWrap'].every(
          (type) => (now[type] ?? 0) <= (baseline[type] ?? 0),
        );
      })
      .toBe(true);
  });

  it('lets a process exit by itself once closed with a hang and a 60 s delay in flight', async () => {
    // Timers are shared with the test runner's own, so this is checked in a process of its own:
    // anything left behind (a delay's timer, a socket) would keep it alive for a minute.
    const script = `
      import { startAuthServer } from './src/testing/startAuthServer.ts';
      const auth = await startAuthServer();
      const before = process.getActiveResourcesInfo();
      await auth.control.hang('/authorize');
      await auth.control.delay('/.well-known/jwks.json', 60_000);
      const hung = fetch(auth.url + '/authorize').then((r) => r.status, () => 'closed');
      const delayed = fetch(auth.url + '/.well-known/jwks.json').then((r) => r.status, () => 'closed');
      while ((await auth.control.requests()).filter((r) => r.status === null).length < 2) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await auth.close();
      const answers = [await hung, await delayed];
      setImmediate(() =>
        console.log(JSON.stringify({ answers, before, after: process.getActiveResourcesInfo() })),
      );`;
    const started = performance.now();
    const { code, stdout } = await runNode([
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      script,
    ]);
    expect(code).toBe(0);
    // Exited before the delay's 60 s were up, so nothing waited for it (a cause, not a speed:
    // starting Node with tsx alone takes 20 s and more on a loaded machine).
    expect(performance.now() - started).toBeLessThan(60_000);
    const report = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
    expect(report.answers).toEqual([
      expect.stringMatching(/closed|503/),
      expect.stringMatching(/closed|503/),
    ]);
    const leftover = (report.after as string[]).filter(
      (type) => !/^(PipeWrap|TTYWrap)$/.test(type),
    );
    expect(leftover).toEqual([]);
  }, 90_000);

  it('is steered through every control of the typed client', async () => {
    const auth = await start();
    const { control } = auth;
    expect(await control.getLifetimes()).toMatchObject({ codeSeconds: 60 });
    expect(await control.setRateLimits({ client: { limit: 5, windowSeconds: 1 } })).toMatchObject({
      client: { limit: 5, windowSeconds: 1 },
    });
    const session = await control.createSession({ userId: 'auth0|bob' });
    expect(session).toMatchObject({ userId: 'auth0|bob', cookie: { name: 'sal_session' } });
    expect(await control.revokeGrants()).toBe(0);
    expect(await control.listRefreshTokens({ userId: 'auth0|bob' })).toEqual([]);
    expect(await control.revokeRefreshTokens({ clientId: 'x' })).toBe(0);
    const carol = { userId: 'auth0|carol', email: 'carol@example.com', password: 'pw' };
    expect(await control.saveUser(carol)).toMatchObject({ created: true });
    expect(await control.updateUser('auth0|carol', { name: 'Carol' })).toMatchObject({
      name: 'Carol',
    });
    expect(await control.saveClient({ clientId: 'app' })).toMatchObject({ created: true });
    expect(await control.updateClient('app', { name: 'App' })).toMatchObject({ name: 'App' });
    await expect(control.updateClient('nope', {})).rejects.toMatchObject({ status: 404 });
    const fault = await control.forceError('/oauth/token', 'server_error', { times: 2 });
    expect(fault).toMatchObject({ path: '/oauth/token', remaining: 2 });
    await control.hang('/userinfo', { query: { x: '1' } });
    await control.delay('/userinfo', 5);
    await control.setLatency(1, { path: '/u/*', times: null });
    await control.addFault({ type: 'delay', path: '*', ms: 1, times: 3 });
    expect(await control.listFaults()).toHaveLength(5);
    await control.clearFaults();
    expect(await control.listFaults()).toEqual([]);
    expect(await control.setClockOffset(-60)).toMatchObject({ offsetSeconds: -60, frozen: false });
    const frozen = await control.freezeClock(new Date('2031-01-01T00:00:00Z'));
    expect(frozen).toMatchObject({ now: '2031-01-01T00:00:00.000Z', frozen: true });
    expect((await control.advanceClock(60)).now).toBe('2031-01-01T00:01:00.000Z');
    expect((await control.freezeClock()).frozen).toBe(true);
    expect((await control.resetClock()).frozen).toBe(false);
    expect((await control.getClock()).offsetSeconds).toBe(0);
    await control.setCookieBlocking('cross-site');
    await fetch(`${auth.url}/.well-known/jwks.json`);
    const [entry] = await control.requests();
    expect(entry).toMatchObject({ path: '/.well-known/jwks.json', status: 200 });
    expect(await control.requests({ after: entry?.seq })).toEqual([]);
    expect((await control.events()).map((e) => e.type)).toEqual(['sign_in']);
  });
});
