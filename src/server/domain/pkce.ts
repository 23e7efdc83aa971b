import { createHash, timingSafeEqual } from 'node:crypto';

export const CODE_CHALLENGE_METHODS = ['S256'] as const;
export type CodeChallengeMethod = (typeof CODE_CHALLENGE_METHODS)[number];

// RFC 7636 §4.1: 43–128 characters from the unreserved set.
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;
// An S256 challenge is the base64url SHA-256 of the verifier: always 43 characters.
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

export const s256 = (verifier: string): string =>
  createHash('sha256').update(verifier).digest('base64url');

export const isS256Challenge = (challenge: string): boolean => S256_CHALLENGE.test(challenge);

/** True only when the verifier is well formed and hashes to the challenge. */
export function verifyPkce(challenge: string, verifier: string): boolean {
  if (!VERIFIER.test(verifier)) return false;
  const expected = Buffer.from(challenge);
  const actual = Buffer.from(s256(verifier));
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
