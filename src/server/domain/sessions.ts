import { createHash, timingSafeEqual } from 'node:crypto';
import type { SessionRecord } from '../store/records.ts';
import type { Domain } from './domain.ts';
import { randomToken } from './randomToken.ts';

/**
 * A fresh session after a password check (or, `via: 'control'`, a test's sign-in); always new
 * ids, never the old cookie (fixation).
 */
export function startSession(
  domain: Domain,
  sub: string,
  via: 'login' | 'control' = 'login',
): SessionRecord {
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
  domain.events.record({ type: 'sign_in', userId: sub, sessionId: session.id, via });
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
  if (!session) return;
  domain.store.deleteSession(session.id);
  domain.events.record({ type: 'session_ended', userId: session.sub, count: 1, via: 'logout' });
}

/**
 * The CSRF token for the server's own signed-in forms (activate, dashboard): derived from the
 * session's secret cookie value, which a page on another site can neither read nor guess.
 */
export const csrfTokenFor = (session: SessionRecord): string =>
  createHash('sha256').update(`csrf\u0000${session.cookie}`).digest('base64url');

export function isCsrfTokenValid(session: SessionRecord, token: string | undefined): boolean {
  if (token === undefined) return false;
  const expected = Buffer.from(csrfTokenFor(session));
  const actual = Buffer.from(token);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
