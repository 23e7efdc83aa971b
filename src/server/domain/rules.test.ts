import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { seedConfig } from '../config.ts';
import { createAuthServer } from '../createAuthServer.ts';
import { CookieJar, signIn, signInForTokens, testSigningKey } from '../testSupport/testServer.ts';
import { createTestClock } from './clock.ts';
import { isNamespacedClaim } from './rules.ts';

const folder = mkdtempSync(join(tmpdir(), 'sal-rules-'));
const write = (name: string, source: string) => {
  const path = join(folder, name);
  writeFileSync(path, source);
  return path;
};

const serverWithRules = (rules: string[]) =>
  createAuthServer(
    { ...seedConfig(), rules },
    { signingKey: testSigningKey, clock: createTestClock(), logger: { error: () => undefined } },
  );

describe('rules declared as module paths', () => {
  it('loads the default export of each module and runs it', async () => {
    const path = write(
      'addRole.mjs',
      `export default function addRole(user, context) {
  context.accessToken['https://silentauthlab.example/email'] = user.email;
}
`,
    );
    const server = serverWithRules([path]);
    await expect(server.ready).resolves.toBeUndefined();
    const tokens = await signInForTokens(server);
    expect(decodeJwt(tokens.access_token)['https://silentauthlab.example/email']).toBe(
      'alice@example.com',
    );
  });

  it('rejects ready naming the rule when a module cannot be loaded; issuance says server_error', async () => {
    const server = serverWithRules([join(folder, 'missing.mjs')]);
    await expect(server.ready).rejects.toThrow(/rules\[0\] \(.*missing\.mjs\) could not be loaded/);
    const callback = await signIn(server, new CookieJar());
    expect(callback.searchParams.get('error')).toBe('server_error');
  });

  it('rejects a module without a default function', async () => {
    const path = write('noDefault.mjs', 'export const rule = () => undefined;\n');
    await expect(serverWithRules([path]).ready).rejects.toThrow(/must export a default function/);
  });
});

describe('isNamespacedClaim', () => {
  it('accepts URL-namespaced names only', () => {
    expect(isNamespacedClaim('https://example.com/roles')).toBe(true);
    expect(isNamespacedClaim('http://example.com/roles')).toBe(true);
    for (const name of ['roles', 'sub', 'https://', 'urn:example:roles', 'https://a b']) {
      expect(isNamespacedClaim(name)).toBe(false);
    }
  });
});
