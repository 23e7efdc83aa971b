import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';

/** What the installed app keeps between runs. The access token is not kept: it lives in memory. */
const storedTokensSchema = z.strictObject({
  version: z.literal(1),
  issuer: z.string(),
  clientId: z.string(),
  audience: z.string(),
  device: z.string(),
  /** The ID token's `sub`, and who that is, for `status`. */
  subject: z.string(),
  user: z.string(),
  scope: z.string(),
  refreshToken: z.string().min(1),
  savedAt: z.iso.datetime(),
  refreshedAt: z.iso.datetime().nullable(),
  /** The thumbprint of the DPoP key the refresh token is bound to (RFC 9449 §5.8), if any. */
  dpopJkt: z.string().optional(),
});
export type StoredTokens = z.infer<typeof storedTokensSchema>;

export class TokenFileError extends Error {
  override name = 'TokenFileError';
}

export const FILE_MODE = 0o600;
const DIRECTORY_MODE = 0o700;

// POSIX permission bits mean little on Windows (ACLs decide there), so the checks are skipped.
const checksPermissions = process.platform !== 'win32';

/** One file per issuer, so signing in to the e2e stack never replaces a login to `npm start`. */
export function tokenFilePathFor(dataDir: string, issuer: string): string {
  const host = new URL(issuer).host.replace(/[^A-Za-z0-9.-]/g, '_');
  return join(dataDir, `${host}.json`);
}

const octal = (mode: number) => `0${(mode & 0o777).toString(8)}`;

/**
 * Refuses a file that others could have read or swapped: a refresh token is a long-lived
 * credential, so one that may have leaked must be revoked, not used.
 */
function refuseUnsafeFile(path: string, stats: { mode: number; uid: number; isFile(): boolean }) {
  if (!stats.isFile())
    throw new TokenFileError(`${path} is not a regular file; refusing to read it.`);
  if (!checksPermissions) return;
  const uid = process.getuid?.();
  if (uid !== undefined && stats.uid !== uid) {
    throw new TokenFileError(
      `${path} belongs to another user (uid ${stats.uid}); refusing to read a refresh token you do not own.`,
    );
  }
  if ((stats.mode & 0o077) !== 0) {
    throw new TokenFileError(
      `${path} has mode ${octal(stats.mode)}: users other than you may read it, so the refresh token in it may have leaked. ` +
        'Refusing to use it. Revoke it (server dashboard: Users → the user → Devices → Revoke), ' +
        `delete the file and sign in again; or, if you are sure no one read it, run: chmod 600 ${path}`,
    );
  }
}

/** The text of a file only this user may read, or undefined when there is none. */
export async function readPrivateFile(path: string): Promise<string | undefined> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    // No symlinks: the file checked must be the file read.
    handle = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ELOOP')
      throw new TokenFileError(`${path} is a symbolic link; refusing to read it.`);
    throw new TokenFileError(`Cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    refuseUnsafeFile(path, await handle.stat());
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

/**
 * A private JSON file this demo wrote, checked against `schema`, or undefined when there is none.
 * Anything else (not JSON, another shape) is refused with the file named.
 */
export async function readPrivateJson<T>(
  path: string,
  schema: z.ZodType<T>,
  what: string,
): Promise<T | undefined> {
  const text = await readPrivateFile(path);
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const result = schema.safeParse(parsed);
  if (!result.success) {
    throw new TokenFileError(
      `${path} is not ${what} this demo wrote; delete it and sign in again.`,
    );
  }
  return result.data;
}

/** The stored tokens, or undefined when there is no file (not signed in). */
export const readTokenFile = (path: string): Promise<StoredTokens | undefined> =>
  readPrivateJson(path, storedTokensSchema, 'a token file');

export async function writeTokenFile(path: string, tokens: StoredTokens): Promise<void> {
  await writePrivateFile(path, `${JSON.stringify(storedTokensSchema.parse(tokens), null, 2)}\n`);
}

/** writeTokenFile's way of writing, for any secret: a new 0600 file renamed into place. */
export async function writePrivateFile(path: string, text: string): Promise<void> {
  const directory = dirname(path);
  // Only directories created here get 0700; an existing one (maybe --data-dir ~) is left alone.
  await mkdir(directory, { recursive: true, mode: DIRECTORY_MODE });
  const temp = join(directory, `.${randomUUID()}.tmp`);
  const handle = await open(temp, 'wx', FILE_MODE);
  try {
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Removes the file; true when there was one. */
export async function deleteTokenFile(path: string): Promise<boolean> {
  try {
    await rm(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new TokenFileError(`Cannot delete ${path}: ${(error as Error).message}`);
  }
}
