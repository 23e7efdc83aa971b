import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import type { AuthStore } from '../auth/authStore.ts';
import { sessionFor } from '../auth/testSupport/testTokens.ts';
import { idTokenLifeOf, recordIdTokenLives } from './recordIdTokenLives.ts';

describe('recordIdTokenLives', () => {
  it('remembers the ID token of every session the store holds, by access token expiry', () => {
    const first = sessionFor({
      accessTokenExpiresAt: 5_000,
      idTokenClaims: { iat: 1, exp: 3_601 },
    });
    const store = createStore(() => ({ session: first as ReturnType<typeof sessionFor> | null }));
    const lives = recordIdTokenLives(store as unknown as AuthStore);
    expect(lives.get(5_000)).toEqual({ issuedAt: 1_000, expiresAt: 3_601_000 });
    store.setState({
      session: sessionFor({ accessTokenExpiresAt: 9_000, idTokenClaims: { iat: 4, exp: 64 } }),
    });
    store.setState({ session: null });
    expect([...lives.keys()]).toEqual([5_000, 9_000]);
    expect(recordIdTokenLives(store as unknown as AuthStore)).toBe(lives);
  });

  it('needs both iat and exp', () => {
    expect(idTokenLifeOf({ exp: 5 })).toBeNull();
    expect(idTokenLifeOf({ iat: 5, exp: 4 })).toBeNull();
  });
});
