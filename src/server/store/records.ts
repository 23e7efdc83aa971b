import type { ResponseMode } from '../../protocol/oauth.ts';

/** A validated authorization request, kept while the user logs in or consents. */
export interface AuthorizationRequest {
  issuer: string;
  clientId: string;
  redirectUri: string;
  /** Space-separated words as sent, e.g. `code` (room for `id_token token`). */
  responseType: string;
  responseMode: ResponseMode;
  state?: string;
  nonce?: string;
  /** The scope the client will get: requested words this tenant knows. */
  scope: string[];
  /** The API identifier the access token is for, if one was asked for. */
  audience?: string;
  codeChallenge?: string;
  codeChallengeMethod?: 'S256';
  prompt: string[];
  /** Seconds (OIDC `max_age`). */
  maxAge?: number;
  /** `sub` of a verified `id_token_hint`. */
  idTokenHintSub?: string;
  /** Auth0's `device` parameter: the name a refresh token is bound to. */
  device?: string;
  /** RFC 9449 §10: the thumbprint of the DPoP key the code is bound to. */
  dpopJkt?: string;
}

export interface SessionRecord {
  /** Public session id: the `sid` claim. */
  id: string;
  /** The secret cookie value; never put in tokens. */
  cookie: string;
  sub: string;
  /** Epoch ms of the last password check (`auth_time`). */
  authTime: number;
  createdAt: number;
  expiresAt: number;
}

/** A login/consent transaction, bound to the browser that started it. */
export interface InteractionRecord {
  id: string;
  request: AuthorizationRequest;
  createdAt: number;
  expiresAt: number;
  /** Hidden form field value (CSRF). */
  csrfToken: string;
  /** Value of the browser's interaction cookie. */
  browserBinding: string;
  loginCompletedAt?: number;
  consentGiven?: boolean;
}

export interface CodeRecord {
  code: string;
  issuer: string;
  clientId: string;
  /** Absent for a FedCM code: there was no redirect, so the exchange must not send one. */
  redirectUri?: string;
  scope: string[];
  audience?: string;
  nonce?: string;
  codeChallenge?: string;
  codeChallengeMethod?: 'S256';
  sub: string;
  sid: string;
  authTime: number;
  /** Epoch ms after which the code cannot be exchanged. */
  expiresAt: number;
  consumedAt?: number;
  /** `jti` of every token this code issued: revoked if the code is replayed. */
  tokenIds: string[];
  /** The refresh token family this code issued, if any: revoked too on replay. */
  refreshTokenId?: string;
  /** Kept (for replay detection) until the tokens it issued have expired. */
  retainUntil: number;
  device?: string;
  /** Custom claims the rules added when the code was issued. */
  claims: CustomClaims;
  /** `dpop_jkt` of the authorization request: the exchange needs a proof by that key. */
  dpopJkt?: string;
}

/** Namespaced claims rules add to the tokens of one issuance. */
export interface CustomClaims {
  idToken: Record<string, unknown>;
  accessToken: Record<string, unknown>;
}

/**
 * One refresh token family: what Auth0 calls a device credential, bound to (client, user,
 * device). Without rotation the family has one token for life; with rotation each use replaces
 * it, and the replaced ones are remembered so that a reuse can revoke the family.
 */
export interface RefreshTokenRecord {
  /** The device credential id (public; never the token). */
  id: string;
  /** SHA-256 of the live token. */
  tokenHash: string;
  /** SHA-256 of every token rotated out of this family. */
  retiredHashes: string[];
  clientId: string;
  sub: string;
  device: string;
  issuer: string;
  /** The scope granted at sign-in (with offline_access). */
  scope: string[];
  audience?: string;
  sid?: string;
  /** Epoch ms of the sign-in behind it (`auth_time`). */
  authTime: number;
  createdAt: number;
  lastUsedAt: number;
  rotating: boolean;
  /** Epoch ms; absent: valid until revoked. */
  expiresAt?: number;
  /** The DPoP key (thumbprint) a public client's family is bound to: each exchange needs its proof. */
  dpopJkt?: string;
}

/** RFC 8628 device authorization: one device code and its user code. */
export interface DeviceCodeRecord {
  deviceCode: string;
  /** Normalised: 8 letters, no dash. */
  userCode: string;
  issuer: string;
  clientId: string;
  scope: string[];
  audience?: string;
  device?: string;
  createdAt: number;
  expiresAt: number;
  /** Kept past expiry so a late poll hears expired_token rather than invalid_grant. */
  retainUntil: number;
  /** Seconds between polls; raised by slow_down. */
  interval: number;
  lastPolledAt?: number;
  status: 'pending' | 'approved' | 'denied';
  /** Set when a user approved it. */
  sub?: string;
  sid?: string;
  authTime?: number;
}

/** What a user consented to for a client. */
export interface GrantRecord {
  sub: string;
  clientId: string;
  scope: string[];
}

export interface RevokedTokenRecord {
  jti: string;
  /** Once the token has expired anyway, the record can go. */
  expiresAt: number;
}
