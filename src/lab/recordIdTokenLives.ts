import type { AuthStore } from '../auth/authStore.ts';
import type { IdTokenLife } from './tokenTimelineModel.ts';

const recorded = new WeakMap<AuthStore, Map<number, IdTokenLife>>();

/** The ID token's life from its claims (iat, exp in seconds), or null when they are missing. */
export function idTokenLifeOf(claims: Record<string, unknown>): IdTokenLife | null {
  const { iat, exp } = claims;
  if (typeof iat !== 'number' || typeof exp !== 'number' || exp <= iat) return null;
  return { issuedAt: iat * 1000, expiresAt: exp * 1000 };
}

/**
 * The timeline keeps when each access token expires, not the ID tokens: this remembers the ID
 * token of every session the store holds from now on (by access token expiry), once per store.
 */
export function recordIdTokenLives(store: AuthStore): ReadonlyMap<number, IdTokenLife> {
  let lives = recorded.get(store);
  if (lives) return lives;
  const map = new Map<number, IdTokenLife>();
  lives = map;
  recorded.set(store, map);
  const note = () => {
    const { session } = store.getState();
    if (!session || map.has(session.accessTokenExpiresAt)) return;
    const life = idTokenLifeOf(session.idTokenClaims);
    if (life) map.set(session.accessTokenExpiresAt, life);
  };
  store.subscribe(note);
  note();
  return map;
}
