import type {
  CodeRecord,
  GrantRecord,
  InteractionRecord,
  RevokedTokenRecord,
  SessionRecord,
} from './records.ts';
import type { Store } from './store.ts';

const grantKey = (sub: string, clientId: string) => `${sub}\u0000${clientId}`;

const deleteWhere = <V>(map: Map<string, V>, expired: (value: V) => boolean) => {
  for (const [key, value] of map) if (expired(value)) map.delete(key);
};

/** The default Store: Maps in this process, gone at exit. */
export function createMemoryStore(): Store {
  const sessions = new Map<string, SessionRecord>();
  const sessionIdByCookie = new Map<string, string>();
  const interactions = new Map<string, InteractionRecord>();
  const codes = new Map<string, CodeRecord>();
  const grants = new Map<string, GrantRecord>();
  const revoked = new Map<string, RevokedTokenRecord>();

  const deleteSession = (id: string) => {
    const session = sessions.get(id);
    if (!session) return;
    sessions.delete(id);
    sessionIdByCookie.delete(session.cookie);
  };

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
      codes.set(code.code, { ...code, tokenIds: [...code.tokenIds] });
    },
    findCode(code) {
      const record = codes.get(code);
      return record && { ...record, tokenIds: [...record.tokenIds] };
    },

    saveGrant(grant) {
      grants.set(grantKey(grant.sub, grant.clientId), { ...grant, scope: [...grant.scope] });
    },
    findGrant(sub, clientId) {
      const grant = grants.get(grantKey(sub, clientId));
      return grant && { ...grant, scope: [...grant.scope] };
    },

    revokeToken(record) {
      revoked.set(record.jti, { ...record });
    },
    isTokenRevoked(jti) {
      return revoked.has(jti);
    },

    purgeExpired(now) {
      for (const session of [...sessions.values()]) {
        if (session.expiresAt <= now) deleteSession(session.id);
      }
      deleteWhere(interactions, (interaction) => interaction.expiresAt <= now);
      deleteWhere(codes, (code) => code.retainUntil <= now);
      deleteWhere(revoked, (record) => record.expiresAt <= now);
    },
    clear() {
      sessions.clear();
      sessionIdByCookie.clear();
      interactions.clear();
      codes.clear();
      grants.clear();
      revoked.clear();
    },
  };
}
