import { jwkThumbprint } from './jwkThumbprint.ts';

/**
 * The thumbprint of the key a DPoP proof names in its header, read without verifying it: what
 * logs record instead of the proof (whose signature must never be stored). Undefined when the
 * header cannot be read.
 */
export function proofKeyThumbprint(proof: string): string | undefined {
  const dot = proof.indexOf('.');
  if (dot <= 0 || dot > 8192) return undefined;
  try {
    const header = JSON.parse(Buffer.from(proof.slice(0, dot), 'base64url').toString('utf8'));
    if (typeof header?.jwk !== 'object' || header.jwk === null) return undefined;
    return jwkThumbprint(header.jwk);
  } catch {
    return undefined;
  }
}
