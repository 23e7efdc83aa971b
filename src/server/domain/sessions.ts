import type { SessionRecord } from '../store/records.ts';
import type { Domain } from './domain.ts';
import { randomToken } from './randomToken.ts';

/** A fresh session after a password check; always new ids, never the old cookie (fixation). */
export function startSession(domain: Domain, sub: string): SessionRecord {
  const now = domain.clock.now();
  const session: SessionRecord = {
    id: randomToken(16),
    cookie: randomToken(),
    sub,
    authTime: now,
    createdAt: now,
    expiresAt: now + domain.lifetimes.current().sessionSeconds * 1000,
  };
  domain.store.saveSession(session);
  return session;
}

/** The session behind a cookie, if it is live and its user still exists. */
export function findActiveSession(
  domain: Domain,
  cookie: string | undefined,
): SessionRecord | undefined {
  if (!cookie) return undefined;
  const session = domain.store.findSessionByCookie(cookie);
  if (!session) return undefined;
  if (session.expiresAt <= domain.clock.now() || !domain.registry.userById(session.sub)) {
    domain.store.deleteSession(session.id);
    return undefined;
  }
  return session;
}

export function endSession(domain: Domain, cookie: string | undefined): void {
  if (!cookie) return;
  const session = domain.store.findSessionByCookie(cookie);
  if (session) domain.store.deleteSession(session.id);
}
