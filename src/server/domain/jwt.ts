import { sign, verify } from 'node:crypto';
import type { JWTPayload } from 'jose';
import type { SigningKey } from './signingKey.ts';

export type JwtClaims = JWTPayload & Record<string, unknown>;

/**
 * An RS256 JWS in compact form (RFC 7515 §7.1). Signed in one synchronous node:crypto call with
 * the key's cached KeyObject and header: WebCrypto (what jose uses) hops to the thread pool for
 * each signature, which on a busy server costs more than the signature itself.
 */
export function signJwt(claims: JwtClaims, key: SigningKey): string {
  const signingInput = `${key.encodedHeader}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  const signature = sign('sha256', Buffer.from(signingInput), key.privateKey);
  return `${signingInput}.${signature.toString('base64url')}`;
}

export interface VerifyJwtOptions {
  /** Accepted `iss` values. */
  issuers: readonly string[];
  /** When set, `aud` (string or array) must contain it. */
  audience?: string;
  /** Epoch ms; `exp` is checked against it unless `checkExpiry` is false. */
  now: number;
  /** `id_token_hint` may be expired (OIDC Core §3.1.2.1). */
  checkExpiry?: boolean;
}

export type VerifyJwtResult = { ok: true; claims: JwtClaims } | { ok: false; reason: string };

const BASE64URL = /^[A-Za-z0-9_-]+$/;

const decodeJson = (part: string): unknown =>
  JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

/**
 * The payload of a compact JWS signed with `key` (RS256 only: never `none`, never another
 * algorithm), checked in one synchronous node:crypto call like the signing; undefined when it
 * is not. A header with `crit` names extensions we do not understand (RFC 7515 §4.1.11), and
 * parts that are not strict base64url would let one signature stand for several strings.
 */
function verifiedPayload(token: string, key: SigningKey): unknown {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((part) => BASE64URL.test(part))) return undefined;
  const [header, payload, signature] = parts as [string, string, string];
  try {
    const protectedHeader = decodeJson(header) as Record<string, unknown> | null;
    if (typeof protectedHeader !== 'object' || protectedHeader === null) return undefined;
    if (protectedHeader.alg !== 'RS256' || 'crit' in protectedHeader) return undefined;
    const signed = Buffer.from(`${header}.${payload}`);
    if (!verify('sha256', signed, key.publicKey, Buffer.from(signature, 'base64url'))) {
      return undefined;
    }
    return decodeJson(payload);
  } catch {
    return undefined;
  }
}

/** Verifies an RS256 JWT we issued: signature with our key (no `alg` other than RS256), issuer, audience, expiry. */
export function verifyJwt(
  token: string,
  key: SigningKey,
  options: VerifyJwtOptions,
): VerifyJwtResult {
  const claims = verifiedPayload(token, key) as JwtClaims | undefined;
  if (claims === undefined) {
    return { ok: false, reason: 'the token is malformed or its signature is invalid' };
  }
  if (typeof claims !== 'object' || claims === null) {
    return { ok: false, reason: 'the token payload is not a JSON object' };
  }
  if (typeof claims.iss !== 'string' || !options.issuers.includes(claims.iss)) {
    return { ok: false, reason: 'the token was issued by another issuer' };
  }
  if (options.audience !== undefined) {
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!audiences.includes(options.audience)) {
      return { ok: false, reason: 'the token is not meant for this audience' };
    }
  }
  if (options.checkExpiry !== false) {
    if (typeof claims.exp !== 'number' || claims.exp * 1000 <= options.now) {
      return { ok: false, reason: 'the token has expired' };
    }
  }
  return { ok: true, claims };
}
