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
  redirectUri: string;
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
  /** Kept (for replay detection) until the tokens it issued have expired. */
  retainUntil: number;
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
