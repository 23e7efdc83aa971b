import { randomBytes } from 'node:crypto';

const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let used = 0;

/**
 * An unguessable URL-safe value: 32 random bytes are 256 bits (RFC 6749 §10.10). The bytes
 * come from a pool the CSPRNG fills 4 KiB at a time, each byte handed out once: one call into
 * the CSPRNG per token costs more than the rest of making it (Node's randomUUID pools the
 * same way).
 */
export function randomToken(bytes = 32): string {
  if (bytes > POOL_BYTES) return randomBytes(bytes).toString('base64url');
  if (used + bytes > pool.length) {
    pool = randomBytes(POOL_BYTES);
    used = 0;
  }
  const token = pool.toString('base64url', used, used + bytes);
  used += bytes;
  return token;
}
