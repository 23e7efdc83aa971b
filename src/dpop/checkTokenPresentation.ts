import {
  DPOP_SIGNING_ALGS,
  type DpopProofExpectations,
  verifyDpopProof,
} from './verifyDpopProof.ts';

export type AuthorizationScheme = 'Bearer' | 'DPoP';

export interface PresentedToken {
  scheme: AuthorizationScheme;
  token: string;
}

// RFC 6750 §2.1 / RFC 9449 §7.1: the token68 syntax, after one of the two schemes.
const AUTHORIZATION = /^(Bearer|DPoP) +([A-Za-z0-9\-._~+/]+=*)$/i;

/**
 * The access token of an `Authorization` header and how it was presented: undefined when
 * there is none, `malformed` when the header is neither `Bearer <token>` nor `DPoP <token>`.
 */
export function readPresentedToken(
  authorization: string | undefined,
): PresentedToken | 'malformed' | undefined {
  if (!authorization) return undefined;
  const match = AUTHORIZATION.exec(authorization.trim());
  if (!match?.[1] || !match[2]) return 'malformed';
  return {
    scheme: match[1].toLowerCase() === 'dpop' ? 'DPoP' : 'Bearer',
    token: match[2],
  };
}

export type PresentationError = 'invalid_token' | 'invalid_dpop_proof' | 'use_dpop_nonce';

export type PresentationResult =
  | { ok: true; jkt: string | undefined }
  | { ok: false; error: PresentationError; description: string };

export interface PresentationInput extends Omit<DpopProofExpectations, 'accessToken'> {
  presented: PresentedToken;
  /** `cnf.jkt` of the verified access token, if it is bound. */
  boundJkt: string | undefined;
  /** The request's DPoP header. */
  proof: string | undefined;
}

/**
 * RFC 9449 §7: a resource server's check that a token is presented as it was issued. A bound
 * token needs the `DPoP` scheme and a proof by its key carrying `ath`; a bound token sent as
 * `Bearer` is refused (§7.2), and so is an unbound one sent as `DPoP`.
 */
export function checkTokenPresentation(input: PresentationInput): PresentationResult {
  const { presented, boundJkt, proof } = input;
  if (boundJkt === undefined) {
    if (presented.scheme === 'DPoP') {
      return {
        ok: false,
        error: 'invalid_token',
        description: 'The access token is not DPoP-bound: send it as Bearer',
      };
    }
    return { ok: true, jkt: undefined };
  }
  if (presented.scheme === 'Bearer') {
    return {
      ok: false,
      error: 'invalid_token',
      description: 'The access token is DPoP-bound: send it as "Authorization: DPoP" with a proof',
    };
  }
  if (proof === undefined) {
    return {
      ok: false,
      error: 'invalid_dpop_proof',
      description: 'A DPoP-bound access token needs a DPoP header with a proof',
    };
  }
  const result = verifyDpopProof(proof, { ...input, accessToken: presented.token });
  if (!result.ok) return result;
  if (result.jkt !== boundJkt) {
    return {
      ok: false,
      error: 'invalid_dpop_proof',
      description:
        'The DPoP proof is signed by another key than the one the access token is bound to',
    };
  }
  return { ok: true, jkt: result.jkt };
}

// RFC 6750 §3: auth-param values are quoted strings; keep them free of quotes and backslashes.
const quoted = (value: string) => `"${value.replace(/["\\]/g, "'")}"`;

/** The `WWW-Authenticate` DPoP challenge (RFC 9449 §7.1), with `algs` always. */
export function dpopChallenge(error?: string, description?: string, realm?: string): string {
  const params = [
    ...(realm === undefined ? [] : [`realm=${quoted(realm)}`]),
    ...(error ? [`error=${quoted(error)}`] : []),
    ...(description ? [`error_description=${quoted(description)}`] : []),
    `algs=${quoted(DPOP_SIGNING_ALGS.join(' '))}`,
  ];
  return `DPoP ${params.join(', ')}`;
}
