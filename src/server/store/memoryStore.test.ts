import { describe, expect, it } from 'vitest';
import { createMemoryStore } from './memoryStore.ts';
import type { CodeRecord, SessionRecord } from './records.ts';

const session = (id: string, sub: string, expiresAt: number): SessionRecord => ({
  id,
  cookie: `cookie-${id}`,
  sub,
  authTime: 0,
  createdAt: 0,
  expiresAt,
});

const code = (value: string, retainUntil: number): CodeRecord => ({
  code: value,
  issuer: 'i',
  clientId: 'c',
  redirectUri: 'r',
  scope: [],
  sub: 's',
  sid: 'sid',
  authTime: 0,
  expiresAt: retainUntil,
  tokenIds: [],
  retainUntil,
});

describe('createMemoryStore', () => {
  it('finds sessions by cookie and deletes them by user', () => {
    const store = createMemoryStore();
    store.saveSession(session('a', 'alice', 100));
    store.saveSession(session('b', 'bob', 100));
    store.saveSession(session('c', 'alice', 100));
    expect(store.findSessionByCookie('cookie-b')?.sub).toBe('bob');
    expect(store.deleteSessions('alice')).toBe(2);
    expect(store.findSessionByCookie('cookie-a')).toBeUndefined();
    expect(store.deleteSessions()).toBe(1);
  });

  it('hands out copies: changing one does not change the store', () => {
    const store = createMemoryStore();
    store.saveCode(code('x', 100));
    const found = store.findCode('x');
    found?.tokenIds.push('jti');
    expect(store.findCode('x')?.tokenIds).toEqual([]);
  });

  it('purges what has expired and keeps the rest', () => {
    const store = createMemoryStore();
    store.saveSession(session('old', 'alice', 10));
    store.saveSession(session('new', 'alice', 100));
    store.saveCode(code('old', 10));
    store.saveCode(code('new', 100));
    store.revokeToken({ jti: 'old', expiresAt: 10 });
    store.revokeToken({ jti: 'new', expiresAt: 100 });
    store.purgeExpired(50);
    expect(store.findSessionByCookie('cookie-old')).toBeUndefined();
    expect(store.findSessionByCookie('cookie-new')).toBeDefined();
    expect(store.findCode('old')).toBeUndefined();
    expect(store.findCode('new')).toBeDefined();
    expect(store.isTokenRevoked('old')).toBe(false);
    expect(store.isTokenRevoked('new')).toBe(true);
  });

  it('clears everything', () => {
    const store = createMemoryStore();
    store.saveSession(session('a', 'alice', 100));
    store.saveGrant({ sub: 'alice', clientId: 'c', scope: ['openid'] });
    store.clear();
    expect(store.findSessionByCookie('cookie-a')).toBeUndefined();
    expect(store.findGrant('alice', 'c')).toBeUndefined();
  });
});
