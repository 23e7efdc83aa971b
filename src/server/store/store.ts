import type {
  CodeRecord,
  GrantRecord,
  InteractionRecord,
  RevokedTokenRecord,
  SessionRecord,
} from './records.ts';

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

  revokeToken(record: RevokedTokenRecord): void;
  isTokenRevoked(jti: string): boolean;

  /** Drops whatever has expired by `now` (epoch ms), so memory levels off. */
  purgeExpired(now: number): void;
  /** Back to empty. */
  clear(): void;
}
