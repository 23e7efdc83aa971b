import { describe, expect, it } from 'vitest';
import { autoLoginGuard } from './autoLoginGuard.ts';

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
    items,
  };
}

describe('autoLoginGuard', () => {
  it('allows one automatic sign-in, then none until released', () => {
    const storage = memoryStorage();
    const guard = autoLoginGuard(storage);
    expect(guard.claim()).toBe(true);
    expect(guard.claim()).toBe(false);
    // A reload (a new guard on the same tab's storage) remembers.
    expect(autoLoginGuard(storage).claim()).toBe(false);
    guard.release();
    expect(guard.claim()).toBe(true);
  });

  it('keeps a time in storage, never a token', () => {
    const storage = memoryStorage();
    autoLoginGuard(storage).claim();
    expect([...storage.items.values()]).toEqual([expect.stringMatching(/^\d+$/)]);
  });

  it('is never automatic when storage refuses (privacy modes)', () => {
    const refusing = {
      getItem: () => null,
      setItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      removeItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
    };
    const guard = autoLoginGuard(refusing);
    expect(guard.claim()).toBe(false);
    expect(() => guard.release()).not.toThrow();
  });
});
