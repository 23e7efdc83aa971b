import type {
  CodeRecord,
  DeviceCodeRecord,
  GrantRecord,
  InteractionRecord,
  RefreshTokenRecord,
  RevokedTokenRecord,
  SessionRecord,
} from './records.ts';
import type { Store } from './store.ts';

const grantKey = (sub: string, clientId: string) => `${sub}\u0000${clientId}`;

const deleteWhere = <V>(map: Map<string, V>, expired: (value: V) => boolean) => {
  for (const [key, value] of map) if (expired(value)) map.delete(key);
};

/**
 * What is left of a code past its expiry that was never exchanged: enough for a late exchange
 * to hear "expired" (the first check it meets), nothing issued with it to revoke. A busy
 * prompt=none client leaves thousands of these, each kept five minutes past its expiry.
 */
const expiredUnusedCode = ({ code, expiresAt, retainUntil }: CodeRecord): CodeRecord => ({
  code,
  expiresAt,
  retainUntil,
  issuer: '',
  clientId: '',
  redirectUri: '',
  scope: [],
  sub: '',
  sid: '',
  authTime: 0,
  tokenIds: [],
  claims: { idToken: {}, accessToken: {} },
});

/** The default Store: Maps in this process, gone at exit. */
export function createMemoryStore(): Store {
  const sessions = new Map<string, SessionRecord>();
  const sessionIdByCookie = new Map<string, string>();
  const interactions = new Map<string, InteractionRecord>();
  const codes = new Map<string, CodeRecord>();
  /** Codes already reduced by purgeExpired (expiredUnusedCode). */
  const hollow = new WeakSet<CodeRecord>();
  const grants = new Map<string, GrantRecord>();
  const revoked = new Map<string, RevokedTokenRecord>();
  const refreshTokens = new Map<string, RefreshTokenRecord>();
  const refreshTokenIdByHash = new Map<string, string>();
  const deviceCodes = new Map<string, DeviceCodeRecord>();
  const deviceCodeByUserCode = new Map<string, string>();
  const counters = new Map<string, { count: number; expiresAt: number }>();

  const deleteSession = (id: string) => {
    const session = sessions.get(id);
    if (!session) return;
    sessions.delete(id);
    sessionIdByCookie.delete(session.cookie);
  };

  const deleteRefreshToken = (id: string): boolean => {
    const record = refreshTokens.get(id);
    if (!record) return false;
    refreshTokens.delete(id);
    for (const hash of [record.tokenHash, ...record.retiredHashes])
      refreshTokenIdByHash.delete(hash);
    return true;
  };

  const deleteDeviceCode = (deviceCode: string) => {
    const record = deviceCodes.get(deviceCode);
    if (!record) return;
    deviceCodes.delete(deviceCode);
    deviceCodeByUserCode.delete(record.userCode);
  };

  // Codes are written on every sign-in (the prompt=none hot path): copied by hand, not cloned.
  const copyCode = (code: CodeRecord): CodeRecord => ({
    ...code,
    tokenIds: [...code.tokenIds],
    claims: { idToken: { ...code.claims.idToken }, accessToken: { ...code.claims.accessToken } },
  });

  const copyRefreshToken = (record: RefreshTokenRecord): RefreshTokenRecord => ({
    ...record,
    retiredHashes: [...record.retiredHashes],
    scope: [...record.scope],
  });

  return {
    saveSession(session) {
      sessions.set(session.id, { ...session });
      sessionIdByCookie.set(session.cookie, session.id);
    },
    findSessionByCookie(cookie) {
      const id = sessionIdByCookie.get(cookie);
      const session = id === undefined ? undefined : sessions.get(id);
      return session && { ...session };
    },
    deleteSession,
    deleteSessions(sub) {
      let count = 0;
      for (const session of [...sessions.values()]) {
        if (sub === undefined || session.sub === sub) {
          deleteSession(session.id);
          count += 1;
        }
      }
      return count;
    },

    saveInteraction(interaction) {
      interactions.set(interaction.id, structuredClone(interaction));
    },
    findInteraction(id) {
      const interaction = interactions.get(id);
      return interaction && structuredClone(interaction);
    },
    deleteInteraction(id) {
      interactions.delete(id);
    },

    saveCode(code) {
      codes.set(code.code, copyCode(code));
    },
    findCode(code) {
      const record = codes.get(code);
      return record && copyCode(record);
    },

    saveGrant(grant) {
      grants.set(grantKey(grant.sub, grant.clientId), { ...grant, scope: [...grant.scope] });
    },
    findGrant(sub, clientId) {
      const grant = grants.get(grantKey(sub, clientId));
      return grant && { ...grant, scope: [...grant.scope] };
    },
    deleteGrants(filter = {}) {
      let count = 0;
      for (const [key, grant] of grants) {
        if (
          (filter.sub === undefined || grant.sub === filter.sub) &&
          (filter.clientId === undefined || grant.clientId === filter.clientId)
        ) {
          grants.delete(key);
          count += 1;
        }
      }
      return count;
    },

    revokeToken(record) {
      revoked.set(record.jti, { ...record });
    },
    isTokenRevoked(jti) {
      return revoked.has(jti);
    },

    saveRefreshToken(record) {
      const previous = refreshTokens.get(record.id);
      if (previous) refreshTokenIdByHash.delete(previous.tokenHash);
      refreshTokens.set(record.id, copyRefreshToken(record));
      for (const hash of [record.tokenHash, ...record.retiredHashes]) {
        refreshTokenIdByHash.set(hash, record.id);
      }
    },
    findRefreshToken(id) {
      const record = refreshTokens.get(id);
      return record && copyRefreshToken(record);
    },
    findRefreshTokenByHash(tokenHash) {
      const id = refreshTokenIdByHash.get(tokenHash);
      const record = id === undefined ? undefined : refreshTokens.get(id);
      return record && copyRefreshToken(record);
    },
    listRefreshTokens(filter = {}) {
      return [...refreshTokens.values()]
        .filter(
          (record) =>
            (filter.sub === undefined || record.sub === filter.sub) &&
            (filter.clientId === undefined || record.clientId === filter.clientId),
        )
        .map(copyRefreshToken);
    },
    deleteRefreshToken,

    saveDeviceCode(record) {
      deviceCodes.set(record.deviceCode, { ...record, scope: [...record.scope] });
      deviceCodeByUserCode.set(record.userCode, record.deviceCode);
    },
    findDeviceCode(deviceCode) {
      const record = deviceCodes.get(deviceCode);
      return record && { ...record, scope: [...record.scope] };
    },
    findDeviceCodeByUserCode(userCode) {
      const deviceCode = deviceCodeByUserCode.get(userCode);
      const record = deviceCode === undefined ? undefined : deviceCodes.get(deviceCode);
      return record && { ...record, scope: [...record.scope] };
    },
    deleteDeviceCode,

    countHit(key, expiresAt) {
      const counter = counters.get(key);
      if (counter) {
        counter.count += 1;
        return counter.count;
      }
      counters.set(key, { count: 1, expiresAt });
      return 1;
    },

    purgeExpired(now) {
      for (const session of [...sessions.values()]) {
        if (session.expiresAt <= now) deleteSession(session.id);
      }
      deleteWhere(interactions, (interaction) => interaction.expiresAt <= now);
      for (const [key, code] of codes) {
        if (code.retainUntil <= now) codes.delete(key);
        else if (code.expiresAt <= now && code.consumedAt === undefined && !hollow.has(code)) {
          const left = expiredUnusedCode(code);
          hollow.add(left);
          codes.set(key, left);
        }
      }
      deleteWhere(revoked, (record) => record.expiresAt <= now);
      for (const record of [...refreshTokens.values()]) {
        if (record.expiresAt !== undefined && record.expiresAt <= now)
          deleteRefreshToken(record.id);
      }
      for (const record of [...deviceCodes.values()]) {
        if (record.retainUntil <= now) deleteDeviceCode(record.deviceCode);
      }
      deleteWhere(counters, (counter) => counter.expiresAt <= now);
    },
    clear() {
      sessions.clear();
      sessionIdByCookie.clear();
      interactions.clear();
      codes.clear();
      grants.clear();
      revoked.clear();
      refreshTokens.clear();
      refreshTokenIdByHash.clear();
      deviceCodes.clear();
      deviceCodeByUserCode.clear();
      counters.clear();
    },
  };
}
