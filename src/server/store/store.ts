import type {
  CodeRecord,
  DeviceCodeRecord,
  GrantRecord,
  InteractionRecord,
  RefreshTokenRecord,
  RevokedTokenRecord,
  SessionRecord,
} from './records.ts';

export interface RefreshTokenFilter {
  sub?: string;
  clientId?: string;
}

export interface GrantFilter {
  sub?: string;
  clientId?: string;
}

/**
 * The server's mutable state. Synchronous on purpose: a code is found and marked used in one
 * step with no await in between, so a replay racing the first exchange cannot slip through.
 * Records handed out may be copies: callers save after changing one.
 */
export interface Store {
  saveSession(session: SessionRecord): void;
  findSessionByCookie(cookie: string): SessionRecord | undefined;
  deleteSession(id: string): void;
  /** Deletes the sessions of one user (or all when `sub` is undefined); returns how many. */
  deleteSessions(sub?: string): number;

  saveInteraction(interaction: InteractionRecord): void;
  findInteraction(id: string): InteractionRecord | undefined;
  deleteInteraction(id: string): void;

  saveCode(code: CodeRecord): void;
  findCode(code: string): CodeRecord | undefined;

  saveGrant(grant: GrantRecord): void;
  findGrant(sub: string, clientId: string): GrantRecord | undefined;
  /** Deletes the grants matching every field given (all when none); returns how many. */
  deleteGrants(filter?: GrantFilter): number;

  revokeToken(record: RevokedTokenRecord): void;
  isTokenRevoked(jti: string): boolean;

  saveRefreshToken(record: RefreshTokenRecord): void;
  findRefreshToken(id: string): RefreshTokenRecord | undefined;
  /** The family whose live or retired token has this hash. */
  findRefreshTokenByHash(tokenHash: string): RefreshTokenRecord | undefined;
  /** Oldest first. */
  listRefreshTokens(filter?: RefreshTokenFilter): RefreshTokenRecord[];
  /** Returns whether there was one. */
  deleteRefreshToken(id: string): boolean;

  saveDeviceCode(record: DeviceCodeRecord): void;
  findDeviceCode(deviceCode: string): DeviceCodeRecord | undefined;
  findDeviceCodeByUserCode(userCode: string): DeviceCodeRecord | undefined;
  deleteDeviceCode(deviceCode: string): void;

  /** One more hit on a counter that lives until `expiresAt` (epoch ms); returns the new count. */
  countHit(key: string, expiresAt: number): number;

  /**
   * Drops whatever has expired by `now` (epoch ms), so memory levels off. A code past its expiry
   * that was never exchanged keeps only its expiry until it goes (a late exchange hears
   * "expired"; nothing was issued with it).
   */
  purgeExpired(now: number): void;
  /** Back to empty. */
  clear(): void;
}
