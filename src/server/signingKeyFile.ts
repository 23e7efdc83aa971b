import { randomUUID } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  generateSigningKey,
  type PrivateJwk,
  type SigningKey,
  signingKeyFromPrivateJwk,
} from './domain/signingKey.ts';

const readKeyFile = (path: string): SigningKey => {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as { keys?: PrivateJwk[] };
    const [first] = parsed.keys ?? [];
    if (!first) throw new Error('no keys');
    return signingKeyFromPrivateJwk(first);
  } catch (error) {
    throw new Error(
      `Signing key file ${path} is unreadable (${(error as Error).message}); delete it to generate a new key`,
    );
  }
};

/**
 * Dev keys: generated once into `path` and reused, so tokens stay valid across restarts.
 * Several processes may start at once; the key is written to a temp file and hard-linked into
 * place, which fails if another process got there first, in which case its key wins.
 */
export function loadOrCreateSigningKeyFile(path: string): SigningKey {
  const target = resolve(path);
  if (existsSync(target)) return readKeyFile(target);
  mkdirSync(dirname(target), { recursive: true });
  const key = generateSigningKey();
  const temp = `${target}.${process.pid}.${randomUUID()}.tmp`;
  writeFileSync(temp, `${JSON.stringify({ keys: [key.privateJwk] }, null, 2)}\n`, { mode: 0o600 });
  try {
    linkSync(temp, target);
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return readKeyFile(target);
  } finally {
    unlinkSync(temp);
  }
}
