import { createHash } from 'node:crypto';

/**
 * A short, stable name for a token that reveals nothing usable: the first 12 hex digits of its
 * SHA-256. Enough to tell two tokens apart in the output; never the token itself.
 */
export const fingerprint = (token: string): string =>
  `sha256:${createHash('sha256').update(token).digest('hex').slice(0, 12)}`;
