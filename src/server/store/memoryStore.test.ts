import { describe, expect, it } from 'vitest';
import { createMemoryStore } from './memoryStore.ts';
import type { CodeRecord, DeviceCodeRecord, RefreshTokenRecord, SessionRecord } from './records.ts';

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
  claims: { idToken: {}, accessToken: {} },
});

const family = (id: string, sub: string, expiresAt?: number): RefreshTokenRecord => ({
  id,
  tokenHash: `hash-${id}`,
  retiredHashes: [],
  clientId: 'native',
  sub,
  device: 'd',
  issuer: 'i',
  scope: ['openid', 'offline_access'],
  authTime: 0,
  createdAt: 0,
  lastUsedAt: 0,
  rotating: true,
  ...(expiresAt === undefined ? {} : { expiresAt }),
});

const deviceCode = (value: string, userCode: string, retainUntil: number): DeviceCodeRecord => ({
  deviceCode: value,
  userCode,
  issuer: 'i',
  clientId: 'native',
  scope: [],
  createdAt: 0,
  expiresAt: retainUntil,
  retainUntil,
  interval: 5,
  status: 'pending',
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

  it('keeps only the expiry of a code that expired unused, until its retention ends; a used one whole', () => {
    const store = createMemoryStore();
    const issued = { ...code('unused', 400), expiresAt: 100, nonce: 'n', codeChallenge: 'x' };
    store.saveCode(issued);
    store.saveCode({ ...code('used', 400), expiresAt: 100, consumedAt: 50, tokenIds: ['jti'] });
    store.purgeExpired(99);
    expect(store.findCode('unused')).toEqual(issued);
    store.purgeExpired(200);
    expect(store.findCode('unused')).toMatchObject({
      code: 'unused',
      expiresAt: 100,
      retainUntil: 400,
    });
    expect(store.findCode('unused')).not.toHaveProperty('nonce');
    expect(store.findCode('unused')?.clientId).toBe('');
    expect(store.findCode('used')).toMatchObject({ clientId: 'c', tokenIds: ['jti'] });
    store.purgeExpired(400);
    expect(store.findCode('unused')).toBeUndefined();
    expect(store.findCode('used')).toBeUndefined();
  });

  it('finds a refresh token family by its live and its retired hashes, and forgets both on delete', () => {
    const store = createMemoryStore();
    store.saveRefreshToken(family('f', 'alice'));
    const rotated = { ...family('f', 'alice'), tokenHash: 'hash-2', retiredHashes: ['hash-f'] };
    store.saveRefreshToken(rotated);
    expect(store.findRefreshTokenByHash('hash-2')?.id).toBe('f');
    expect(store.findRefreshTokenByHash('hash-f')?.tokenHash).toBe('hash-2');
    store.saveRefreshToken(family('g', 'bob'));
    expect(store.listRefreshTokens({ sub: 'alice' }).map((r) => r.id)).toEqual(['f']);
    expect(store.listRefreshTokens().map((r) => r.id)).toEqual(['f', 'g']);
    expect(store.deleteRefreshToken('f')).toBe(true);
    expect(store.deleteRefreshToken('f')).toBe(false);
    expect(store.findRefreshTokenByHash('hash-2')).toBeUndefined();
    expect(store.findRefreshTokenByHash('hash-f')).toBeUndefined();
  });

  it('finds device codes by both codes', () => {
    const store = createMemoryStore();
    store.saveDeviceCode(deviceCode('dc', 'BCDFGHJK', 100));
    expect(store.findDeviceCodeByUserCode('BCDFGHJK')?.deviceCode).toBe('dc');
    store.deleteDeviceCode('dc');
    expect(store.findDeviceCode('dc')).toBeUndefined();
    expect(store.findDeviceCodeByUserCode('BCDFGHJK')).toBeUndefined();
  });

  it('counts hits per key until the counter expires', () => {
    const store = createMemoryStore();
    expect(store.countHit('k', 100)).toBe(1);
    expect(store.countHit('k', 100)).toBe(2);
    store.purgeExpired(100);
    expect(store.countHit('k', 200)).toBe(1);
  });

  it('purges expired refresh tokens (never those without expiry) and device codes', () => {
    const store = createMemoryStore();
    store.saveRefreshToken(family('old', 'alice', 10));
    store.saveRefreshToken(family('forever', 'alice'));
    store.saveDeviceCode(deviceCode('dc', 'BCDFGHJK', 10));
    store.purgeExpired(50);
    expect(store.findRefreshToken('old')).toBeUndefined();
    expect(store.findRefreshTokenByHash('hash-old')).toBeUndefined();
    expect(store.findRefreshToken('forever')).toBeDefined();
    expect(store.findDeviceCode('dc')).toBeUndefined();
  });

  it('deletes the grants matching a user and/or a client', () => {
    const store = createMemoryStore();
    store.saveGrant({ sub: 'alice', clientId: 'c', scope: ['openid'] });
    store.saveGrant({ sub: 'alice', clientId: 'd', scope: ['openid'] });
    store.saveGrant({ sub: 'bob', clientId: 'c', scope: ['openid'] });
    expect(store.deleteGrants({ sub: 'alice', clientId: 'd' })).toBe(1);
    expect(store.deleteGrants({ clientId: 'c' })).toBe(2);
    expect(store.findGrant('alice', 'c')).toBeUndefined();
    store.saveGrant({ sub: 'bob', clientId: 'c', scope: ['openid'] });
    expect(store.deleteGrants()).toBe(1);
  });

  it('clears everything', () => {
    const store = createMemoryStore();
    store.saveSession(session('a', 'alice', 100));
    store.saveGrant({ sub: 'alice', clientId: 'c', scope: ['openid'] });
    store.saveRefreshToken(family('f', 'alice'));
    store.clear();
    expect(store.listRefreshTokens()).toEqual([]);
    expect(store.findSessionByCookie('cookie-a')).toBeUndefined();
    expect(store.findGrant('alice', 'c')).toBeUndefined();
  });
});
