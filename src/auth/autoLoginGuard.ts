import type { AutoLoginGuard } from './authStore.ts';

const KEY = 'silent-auth-lab.auto-login';

/**
 * At most one automatic top-level sign-in per tab until a sign-in succeeds. The marker (a time,
 * never a token) lives in sessionStorage: it must survive the trip to the login page and back,
 * or a login that keeps failing would redirect again on every return. Storage that refuses
 * (privacy modes) means no automatic redirect at all.
 */
export function autoLoginGuard(
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>,
): AutoLoginGuard {
  return {
    claim() {
      try {
        if (storage.getItem(KEY) !== null) return false;
        storage.setItem(KEY, String(Date.now()));
        return true;
      } catch {
        return false;
      }
    },
    release() {
      try {
        storage.removeItem(KEY);
      } catch {}
    },
  };
}
