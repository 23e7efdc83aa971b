import { constants, createHash, createPublicKey, type KeyObject, verify } from 'node:crypto';
import type { DpopNonces } from './dpopNonces.ts';
import type { DpopReplayCache } from './dpopReplayCache.ts';
import { jwkThumbprint } from './jwkThumbprint.ts';

/** What we accept for proofs (discovery `dpop_signing_alg_values_supported`, RFC 9449 §5.1). */
export const DPOP_SIGNING_ALGS = ['ES256', 'ES384', 'ES512', 'RS256', 'PS256', 'EdDSA'] as const;
type DpopAlg = (typeof DPOP_SIGNING_ALGS)[number];

export type DpopProofError = 'invalid_dpop_proof' | 'use_dpop_nonce';

export type DpopProofResult =
  | { ok: true; jkt: string; jti: string }
  | { ok: false; error: DpopProofError; description: string };

export interface DpopProofExpectations {
  /** The request's method (`htm`). */
  method: string;
  /** The request's URL without query or fragment (`htu`). */
  url: string;
  /** The verifier's clock, epoch ms (the server clock, which tests may move). */
  now: number;
  /** At a resource server: the access token presented, whose hash `ath` must be. */
  accessToken?: string;
  replay: DpopReplayCache;
  nonces: DpopNonces;
  /** Refuse a proof without the current nonce (`use_dpop_nonce`). */
  requireNonce: boolean;
  /** How old (seconds) a proof's `iat` may be; a second's worth of skew is allowed ahead. */
  maxAgeSeconds: number;
}

const FUTURE_SKEW_SECONDS = 5;
const MAX_JTI_LENGTH = 256;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
// RFC 7517/7518: members that make a JWK private (or symmetric).
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/** How each algorithm is verified, and the key it needs. */
const ALGORITHMS: Record<
  DpopAlg,
  { hash: string | null; kty: string; crv?: string; options?: object }
> = {
  ES256: { hash: 'sha256', kty: 'EC', crv: 'P-256', options: { dsaEncoding: 'ieee-p1363' } },
  ES384: { hash: 'sha384', kty: 'EC', crv: 'P-384', options: { dsaEncoding: 'ieee-p1363' } },
  ES512: { hash: 'sha512', kty: 'EC', crv: 'P-521', options: { dsaEncoding: 'ieee-p1363' } },
  RS256: { hash: 'sha256', kty: 'RSA' },
  PS256: {
    hash: 'sha256',
    kty: 'RSA',
    options: { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
  },
  EdDSA: { hash: null, kty: 'OKP', crv: 'Ed25519' },
};

const MIN_RSA_BITS = 2048;

// A client signs every proof with the same key: importing its JWK once saves about a fifth of
// a verification. Bounded; the oldest import goes first.
const IMPORTED_KEYS_LIMIT = 256;
const importedKeys = new Map<string, KeyObject>();

class ProofRefused extends Error {
  constructor(
    readonly error: DpopProofError,
    readonly description: string,
  ) {
    super(description);
  }
}

const refuse = (description: string): never => {
  throw new ProofRefused('invalid_dpop_proof', description);
};

const decodeJsonObject = (part: string, what: string): Record<string, unknown> => {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return refuse(`The DPoP proof's ${what} is not JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return refuse(`The DPoP proof's ${what} is not a JSON object`);
  }
  return value as Record<string, unknown>;
};

const isDpopAlg = (alg: unknown): alg is DpopAlg =>
  typeof alg === 'string' && (DPOP_SIGNING_ALGS as readonly string[]).includes(alg);

/** The proof's public key, checked against its `alg` (RFC 9449 §4.3 points 5–6). */
function publicKeyOf(header: Record<string, unknown>, alg: DpopAlg): KeyObject {
  const jwk = header.jwk;
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) {
    return refuse('The DPoP proof has no jwk header with its public key');
  }
  const members = jwk as Record<string, unknown>;
  const privateMember = PRIVATE_MEMBERS.find((name) => name in members);
  if (privateMember !== undefined) {
    return refuse(`The DPoP proof's jwk holds a private key member (${privateMember})`);
  }
  const expected = ALGORITHMS[alg];
  if (members.kty !== expected.kty || (expected.crv && members.crv !== expected.crv)) {
    return refuse(
      `The DPoP proof's jwk (kty ${String(members.kty)}${members.crv ? ` ${String(members.crv)}` : ''}) does not fit alg ${alg}`,
    );
  }
  const cacheKey = JSON.stringify(members);
  let key = importedKeys.get(cacheKey);
  if (key === undefined) {
    try {
      key = createPublicKey({ key: members as import('node:crypto').JsonWebKey, format: 'jwk' });
    } catch {
      return refuse("The DPoP proof's jwk is not a valid public key");
    }
    if (importedKeys.size >= IMPORTED_KEYS_LIMIT) {
      importedKeys.delete(importedKeys.keys().next().value ?? '');
    }
    importedKeys.set(cacheKey, key);
  }
  if (expected.kty === 'RSA' && (key.asymmetricKeyDetails?.modulusLength ?? 0) < MIN_RSA_BITS) {
    return refuse(`The DPoP proof's RSA key is shorter than ${MIN_RSA_BITS} bits`);
  }
  return key;
}

/** `htu` compared without query and fragment (RFC 9449 §4.3 point 9), after URL parsing. */
function sameTargetUri(htu: string, expected: string): boolean {
  try {
    const url = new URL(htu);
    const target = new URL(expected);
    url.search = '';
    url.hash = '';
    target.search = '';
    target.hash = '';
    return url.href === target.href;
  } catch {
    return false;
  }
}

/** base64url(SHA-256(access token)): the `ath` claim (RFC 9449 §4.2). */
export const accessTokenHash = (accessToken: string): string =>
  createHash('sha256').update(accessToken).digest('base64url');

function checkClaims(
  claims: Record<string, unknown>,
  expected: DpopProofExpectations,
  jkt: string,
): { jti: string; iat: number } {
  const { jti, htm, htu, iat } = claims;
  if (typeof jti !== 'string' || jti.length === 0 || jti.length > MAX_JTI_LENGTH) {
    refuse(`The DPoP proof needs a jti (a string of 1 to ${MAX_JTI_LENGTH} characters)`);
  }
  if (htm !== expected.method) {
    refuse(
      `The DPoP proof's htm (${String(htm)}) is not this request's method (${expected.method})`,
    );
  }
  if (typeof htu !== 'string' || !sameTargetUri(htu, expected.url)) {
    refuse(`The DPoP proof's htu (${String(htu)}) is not this request's URL (${expected.url})`);
  }
  if (typeof iat !== 'number' || !Number.isFinite(iat)) {
    refuse('The DPoP proof needs a numeric iat');
  }
  if (expected.accessToken !== undefined) {
    if (claims.ath !== accessTokenHash(expected.accessToken)) {
      refuse(
        claims.ath === undefined
          ? 'The DPoP proof has no ath (the hash of the access token sent with it)'
          : "The DPoP proof's ath is not the hash of the access token sent with it",
      );
    }
  }
  const nonceValid = expected.nonces.isValid(claims.nonce);
  if (expected.requireNonce && !nonceValid) {
    throw new ProofRefused(
      'use_dpop_nonce',
      claims.nonce === undefined
        ? 'A DPoP nonce is required: resend the proof with the nonce in the DPoP-Nonce header'
        : 'The DPoP proof carries an unknown or stale nonce: use the one in the DPoP-Nonce header',
    );
  }
  const ageSeconds = expected.now / 1000 - (iat as number);
  // A valid server nonce bounds the proof's freshness on its own (RFC 9449 §11.1): a client
  // whose clock differs from ours recovers with one retry instead of failing for good.
  if (!nonceValid && (ageSeconds > expected.maxAgeSeconds || ageSeconds < -FUTURE_SKEW_SECONDS)) {
    throw new ProofRefused(
      'use_dpop_nonce',
      `The DPoP proof's iat is ${Math.round(Math.abs(ageSeconds))} s ${ageSeconds > 0 ? 'behind' : 'ahead of'} the server's clock (accepted: ${expected.maxAgeSeconds} s behind, ${FUTURE_SKEW_SECONDS} s ahead); resend it with the nonce in the DPoP-Nonce header`,
    );
  }
  const keptUntil =
    expected.now +
    (expected.maxAgeSeconds + FUTURE_SKEW_SECONDS) * 1000 +
    nonceLifetimeMs(nonceValid);
  if (!expected.replay.remember(`${jkt}:${jti}`, iat as number, keptUntil, expected.now)) {
    refuse('The DPoP proof was used before (its jti has been seen)');
  }
  return { jti: jti as string, iat: iat as number };
}

// A proof accepted by its nonce rather than its iat stays replayable as long as the nonce is
// valid: keep its jti that long too (two rotation periods at most; an hour bounds it here).
const nonceLifetimeMs = (byNonce: boolean) => (byNonce ? 3_600_000 : 0);

/**
 * Verifies a DPoP proof JWT (RFC 9449 §4.3) in one synchronous node:crypto call: `typ`,
 * `alg` (asymmetric, never `none` or HMAC), a public `jwk`, the signature, `htm`, `htu`,
 * `iat`, `ath`, the nonce, and last `jti` (so a refused proof does not use up its `jti`).
 */
export function verifyDpopProof(proof: string, expected: DpopProofExpectations): DpopProofResult {
  try {
    const parts = proof.split('.');
    if (parts.length !== 3 || !parts.every((part) => BASE64URL.test(part))) {
      refuse('The DPoP proof is not a compact JWS (three base64url parts)');
    }
    const [encodedHeader, encodedPayload, signature] = parts as [string, string, string];
    const header = decodeJsonObject(encodedHeader, 'header');
    if (header.typ !== 'dpop+jwt')
      refuse(`The DPoP proof's typ is ${String(header.typ)}, not dpop+jwt`);
    if (!isDpopAlg(header.alg)) {
      return refuse(
        `The DPoP proof's alg ${String(header.alg)} is not accepted (${DPOP_SIGNING_ALGS.join(', ')})`,
      );
    }
    if ('crit' in header) refuse('The DPoP proof names crit extensions this server does not know');
    const key = publicKeyOf(header, header.alg);
    const { hash, options } = ALGORITHMS[header.alg];
    let signed = false;
    try {
      signed = verify(
        hash,
        Buffer.from(`${encodedHeader}.${encodedPayload}`),
        { key, ...options },
        Buffer.from(signature, 'base64url'),
      );
    } catch {
      signed = false;
    }
    if (!signed) refuse("The DPoP proof's signature does not verify with its jwk");
    const jkt = jwkThumbprint(header.jwk as Record<string, unknown>);
    if (jkt === undefined) return refuse("The DPoP proof's jwk has no thumbprint");
    const claims = decodeJsonObject(encodedPayload, 'payload');
    const { jti } = checkClaims(claims, expected, jkt);
    return { ok: true, jkt, jti };
  } catch (error) {
    if (error instanceof ProofRefused) {
      return { ok: false, error: error.error, description: error.description };
    }
    throw error;
  }
}
