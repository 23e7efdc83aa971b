import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOrCreateSigningKeyFile } from './signingKeyFile.ts';
import { testSigningKey } from './testSupport/testServer.ts';

const tempDir = () => mkdtempSync(join(tmpdir(), 'sal-keys-'));

describe('loadOrCreateSigningKeyFile', () => {
  it('generates a key once, then reuses it', () => {
    const path = join(tempDir(), 'nested', 'signing-keys.json');
    const first = loadOrCreateSigningKeyFile(path);
    const second = loadOrCreateSigningKeyFile(path);
    expect(second.kid).toBe(first.kid);
    expect(JSON.parse(readFileSync(path, 'utf8')).keys[0].kid).toBe(first.kid);
    // No temp files left behind.
    expect(readdirSync(join(path, '..'))).toEqual(['signing-keys.json']);
  });

  it('uses a key another process already wrote', () => {
    const path = join(tempDir(), 'signing-keys.json');
    writeFileSync(path, JSON.stringify({ keys: [testSigningKey.privateJwk] }));
    expect(loadOrCreateSigningKeyFile(path).kid).toBe(testSigningKey.kid);
  });

  it('names the file when it is unreadable', () => {
    const path = join(tempDir(), 'signing-keys.json');
    writeFileSync(path, '{"keys": [');
    expect(() => loadOrCreateSigningKeyFile(path)).toThrow(path);
  });
});
