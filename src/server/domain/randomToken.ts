import { randomBytes } from 'node:crypto';

/** An unguessable URL-safe value: 32 random bytes are 256 bits (RFC 6749 §10.10). */
export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');
