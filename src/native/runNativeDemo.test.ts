/**
 * The native demo's commands against a real authorization server and demo API in this process,
 * with the browser played over HTTP (signInLikeABrowser).
 */
import { chmod, copyFile, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDemoApi } from '../api/createDemoApi.ts';
import { M2M_CLIENT_ID, M2M_TEST_SECRET, NATIVE_CLIENT_ID } from '../protocol/defaults.ts';
import type { AuthServerConfigInput } from '../server/config.ts';
import { listenFetch } from '../server/listen.ts';
import { type StartedAuthServer, startAuthServer } from '../testing/startAuthServer.ts';
import { loadOrCreateDpopKey } from './dpopKeyFile.ts';
import { runNativeDemo } from './runNativeDemo.ts';
import { ALICE, type CapturedIo, captureIo } from './testSupport/signInLikeABrowser.ts';

interface Lab {
  auth: StartedAuthServer;
  apiUrl: string;
  close(): Promise<void>;
}

/** The auth server and the demo API on free ports; the API's origin is its audience. */
async function startLab(
  adjust: (seeded: AuthServerConfigInput) => AuthServerConfigInput = (s) => s,
): Promise<Lab> {
  let api: ReturnType<typeof createDemoApi> | undefined;
  const apiListening = await listenFetch(
    (request) => api?.fetch(request) ?? new Response('starting', { status: 503 }),
    { port: 0 },
  );
  const auth = await startAuthServer({ apiAudience: `${apiListening.url}/`, config: adjust });
  api = createDemoApi({
    issuers: auth.server.config.issuers,
    audience: `${apiListening.url}/`,
    jwksUrl: `${auth.url}/.well-known/jwks.json`,
    allowedOrigins: [],
  });
  return {
    auth,
    apiUrl: apiListening.url,
    close: async () => {
      await Promise.all([auth.close(), apiListening.close()]);
    },
  };
}

let lab: Lab;
let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'native-demo-run-'));
});
afterEach(async () => {
  await lab?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const tokenFile = () => join(dataDir, `localhost_${lab.auth.port}.json`);

async function demo(io: CapturedIo, ...argv: string[]): Promise<number> {
  return runNativeDemo(
    [
      ...argv,
      '--issuer',
      lab.auth.issuer,
      '--api',
      lab.apiUrl,
      '--data-dir',
      dataDir,
      '--device',
      'Test laptop',
    ],
    io,
  );
}

const storedRefreshToken = async () =>
  (JSON.parse(await readFile(tokenFile(), 'utf8')) as { refreshToken: string }).refreshToken;

/** An administrator revokes the device credential through the management API. */
async function revokeDeviceCredential(auth: StartedAuthServer): Promise<void> {
  const token = await fetch(`${auth.url}/oauth/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: M2M_CLIENT_ID,
      client_secret: M2M_TEST_SECRET,
      audience: `${auth.issuer}api/v2/`,
    }),
  }).then((r) => r.json() as Promise<{ access_token: string }>);
  const headers = { authorization: `Bearer ${token.access_token}` };
  const query = new URLSearchParams({ user_id: ALICE.sub, client_id: NATIVE_CLIENT_ID });
  const credentials = (await fetch(`${auth.url}/api/v2/device-credentials?${query}`, {
    headers,
  }).then((r) => r.json())) as { id: string; device_name: string }[];
  expect(credentials).toEqual([expect.objectContaining({ device_name: 'Test laptop' })]);
  const deleted = await fetch(`${auth.url}/api/v2/device-credentials/${credentials[0]?.id}`, {
    method: 'DELETE',
    headers,
  });
  expect(deleted.status).toBe(204);
}

async function signedIn(): Promise<CapturedIo> {
  const io = captureIo(dataDir);
  expect(await demo(io, 'login')).toBe(0);
  expect(io.stderr).toEqual([]);
  return io;
}

const keyFile = () => join(dataDir, `localhost_${lab.auth.port}.dpop-key.json`);

describe('native demo with DPoP (RFC 9449)', () => {
  it('login binds the refresh token to a key kept 0600 beside the token file', async () => {
    lab = await startLab();
    const io = await signedIn();
    const out = io.stdout.join('\n');
    const stored = JSON.parse(await readFile(tokenFile(), 'utf8')) as { dpopJkt?: string };
    expect(stored.dpopJkt).toMatch(/^[\w-]{43}$/);
    expect(out).toContain(`dpop_jkt=${stored.dpopJkt}`);
    expect(out).toContain('is bound to the DPoP key beside it');
    if (process.platform !== 'win32') expect((await stat(keyFile())).mode & 0o777).toBe(0o600);
    const [credential] = lab.auth.server.control.listRefreshTokens();
    expect(credential?.clientId).toBe(NATIVE_CLIENT_ID);
    expect(await demo(captureIo(dataDir), 'refresh')).toBe(0);
  });

  it('refuses the token file copied next to another key (the server says invalid_grant)', async () => {
    lab = await startLab();
    await signedIn();
    const elsewhere = await mkdtemp(join(tmpdir(), 'native-demo-thief-'));
    try {
      // The thief's own key, made the way the demo makes one.
      await loadOrCreateDpopKey(join(elsewhere, 'key.json'));
      await copyFile(join(elsewhere, 'key.json'), keyFile());
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
    const io = captureIo(dataDir);
    expect(await demo(io, 'refresh')).toBe(1);
    expect(io.stderr.join('\n')).toContain(
      'invalid_grant (The refresh token is bound to another DPoP key than the one that signed this proof)',
    );
  });

  it('says a bound token is useless without its key file', async () => {
    lab = await startLab();
    await signedIn();
    await rm(keyFile());
    const io = captureIo(dataDir);
    expect(await demo(io, 'refresh')).toBe(1);
    expect(io.stderr.join('\n')).toContain('its key file');
  });
});

describe('native demo against an in-process server', () => {
  it('login: loopback redirect + PKCE + offline_access gives a refresh token, stored 0600', async () => {
    lab = await startLab();
    const io = await signedIn();
    const landing = await io.landings[0];
    expect(await landing?.text()).toContain('You can close this window');

    const out = io.stdout.join('\n');
    expect(out).toMatch(/redirect_uri {3}http:\/\/127\.0\.0\.1:\d+\/callback/);
    expect(out).toMatch(/^ {2}http:\/\/localhost:\d+\/authorize\?\S*code_challenge_method=S256/m);
    expect(out).toContain('device=Test+laptop');
    expect(out).toMatch(/refresh_token {2}yes, sha256:[0-9a-f]{12}/);
    expect(out).toContain(
      'scope          openid profile email offline_access read:profile read:orders',
    );
    expect(out).toContain('Signed in as auth0|alice (Alice Liddell <alice@example.com>)');

    if (process.platform !== 'win32') expect((await stat(tokenFile())).mode & 0o777).toBe(0o600);
    const refreshToken = await storedRefreshToken();
    // Never a whole token in the output: fingerprints only.
    expect(out).not.toContain(refreshToken);
    expect(out).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
  });

  it('status shows what is stored without asking the server', async () => {
    lab = await startLab();
    await signedIn();
    const io = captureIo(dataDir);
    expect(await demo(io, 'status')).toBe(0);
    const out = io.stdout.join('\n');
    expect(out).toContain('Signed in to');
    expect(out).toContain('device         Test laptop');
    expect(out).toMatch(/refresh_token {2}sha256:[0-9a-f]{12}/);
    expect(out).toContain('(mode 0600)');
    expect(out).not.toContain(await storedRefreshToken());
  });

  it('refresh: a new access token and ID token; the refresh token stays (no rotation)', async () => {
    lab = await startLab();
    await signedIn();
    const before = await storedRefreshToken();
    const io = captureIo(dataDir);
    expect(await demo(io, 'refresh')).toBe(0);
    const out = io.stdout.join('\n');
    expect(out).toMatch(/grant_type=refresh_token, refresh_token=sha256:[0-9a-f]{12}/);
    expect(out).toContain('(no secret: a public client)');
    expect(out).toMatch(/access_token {3}sha256:[0-9a-f]{12}, expires in \d+ s/);
    expect(out).toMatch(/id_token {7}sha256:[0-9a-f]{12}, for auth0\|alice/);
    expect(out).toContain('The refresh token stays the same (no rotation)');
    expect(await storedRefreshToken()).toBe(before);
  });

  it('refresh with rotation on stores the new refresh token', async () => {
    lab = await startLab((seeded) => ({
      ...seeded,
      clients: seeded.clients?.map((c) =>
        c.clientId === NATIVE_CLIENT_ID ? { ...c, refreshTokens: { rotation: true } } : c,
      ),
    }));
    await signedIn();
    const before = await storedRefreshToken();
    const io = captureIo(dataDir);
    expect(await demo(io, 'refresh')).toBe(0);
    expect(io.stdout.join('\n')).toContain('The server rotated the refresh token');
    expect(await storedRefreshToken()).not.toBe(before);
    expect(await demo(captureIo(dataDir), 'refresh')).toBe(0);
  });

  it('call-api refreshes, then calls the demo API with the new access token', async () => {
    lab = await startLab();
    await signedIn();
    const io = captureIo(dataDir);
    expect(await demo(io, 'call-api')).toBe(0);
    const out = io.stdout.join('\n');
    expect(out).toMatch(
      /GET http:\/\/localhost:\d+\/api\/profile {2}Authorization: DPoP sha256:[0-9a-f]{12}, DPoP: <proof/,
    );
    expect(out).toContain('200 OK');
    expect(out).toContain('"sub": "auth0|alice"');
    expect(out).toContain(`"client_id": "${NATIVE_CLIENT_ID}"`);
  });

  it('revoked by an administrator: the next refresh fails with invalid_grant, said plainly, and the file goes', async () => {
    lab = await startLab();
    await signedIn();
    await revokeDeviceCredential(lab.auth);

    const io = captureIo(dataDir);
    expect(await demo(io, 'refresh')).toBe(1);
    const err = io.stderr.join('\n');
    expect(err).toContain('The server refused the stored refresh token: invalid_grant');
    expect(err).toContain('It was revoked');
    expect(err).toContain(`Deleted localhost_${lab.auth.port}.json.`);
    expect(err).toContain('npm run native-demo -- login');
    expect(err).not.toMatch(/\n\s+at /); // no stack trace
    await expect(stat(tokenFile())).rejects.toMatchObject({ code: 'ENOENT' });

    const after = captureIo(dataDir);
    expect(await demo(after, 'refresh')).toBe(1);
    expect(after.stderr.join('\n')).toContain('Not signed in to');
  });

  it('call-api after revocation fails the same way and calls no API', async () => {
    lab = await startLab();
    await signedIn();
    await revokeDeviceCredential(lab.auth);
    const io = captureIo(dataDir);
    expect(await demo(io, 'call-api')).toBe(1);
    expect(io.stderr.join('\n')).toContain('invalid_grant');
    expect(io.stdout.join('\n')).not.toContain('/api/profile');
  });

  it('logout revokes at /oauth/revoke, then deletes the file; the token no longer works', async () => {
    lab = await startLab();
    await signedIn();
    const refreshToken = await storedRefreshToken();
    const io = captureIo(dataDir);
    expect(await demo(io, 'logout')).toBe(0);
    const out = io.stdout.join('\n');
    expect(out).toMatch(
      /POST http:\/\/localhost:\d+\/oauth\/revoke {2}token=sha256:[0-9a-f]{12}, token_type_hint=refresh_token/,
    );
    expect(out).toContain('Deleted');
    await expect(stat(tokenFile())).rejects.toMatchObject({ code: 'ENOENT' });

    const reuse = await fetch(`${lab.auth.url}/oauth/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: NATIVE_CLIENT_ID,
        refresh_token: refreshToken,
      }),
    });
    expect(await reuse.json()).toMatchObject({ error: 'invalid_grant' });

    const again = captureIo(dataDir);
    expect(await demo(again, 'logout')).toBe(0);
    expect(again.stdout.join('\n')).toContain('nothing to revoke');
  });

  it.skipIf(process.platform === 'win32')(
    'refuses a token file others can read, and keeps it for the user to deal with',
    async () => {
      lab = await startLab();
      await signedIn();
      await chmod(tokenFile(), 0o644);
      const io = captureIo(dataDir);
      expect(await demo(io, 'refresh')).toBe(1);
      expect(io.stderr.join('\n')).toContain('has mode 0644: users other than you may read it');
      expect(io.stdout).toEqual([]); // nothing was sent
      expect((await stat(tokenFile())).isFile()).toBe(true);
    },
  );

  it('status when not signed in says so and succeeds', async () => {
    lab = await startLab();
    const io = captureIo(dataDir);
    expect(await demo(io, 'status')).toBe(0);
    expect(io.stdout.join('\n')).toContain('Not signed in to');
  });
});

describe('native demo input and failures', () => {
  const run = (io: CapturedIo, ...argv: string[]) => runNativeDemo(argv, io);

  it('bad input: a clear message, exit code 1, no stack trace', async () => {
    const io = captureIo('/tmp');
    expect(await run(io, 'signin')).toBe(1);
    expect(io.stderr).toEqual([
      'Unknown command "signin". Commands: login, refresh, status, call-api, logout, help.',
      'Run `npm run native-demo -- help` for the commands and options.',
    ]);
    expect(io.stdout).toEqual([]);
  });

  it('help prints the usage', async () => {
    const io = captureIo('/tmp');
    expect(await run(io, 'help')).toBe(0);
    expect(io.stdout.join('\n')).toContain('Usage: npm run native-demo -- <command> [options]');
  });

  it('an unreachable server is named, with how to start it', async () => {
    const closed = await listenFetch(() => new Response(), { port: 0 });
    await closed.close();
    const io = captureIo('/tmp');
    expect(await run(io, 'login', '--no-browser', '--issuer', closed.url)).toBe(1);
    expect(io.stderr.join('\n')).toMatch(
      /^Cannot reach the authorization server at http:\/\/localhost:\d+\/ \(ECONNREFUSED\)\. Is it running\?/,
    );
  });
});
