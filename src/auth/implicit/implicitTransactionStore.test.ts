import { InMemoryWebStorage } from 'oidc-client-ts';
import { describe, expect, it } from 'vitest';
import { implicitTransactionStore } from './implicitTransactionStore.ts';
import { testTransaction } from './testSupport.ts';

describe('implicitTransactionStore', () => {
  it('keeps a transaction across the redirect (a new page reads the same storage)', () => {
    const storage = new InMemoryWebStorage();
    implicitTransactionStore(storage).save(testTransaction({ returnPath: '/api' }));
    expect(implicitTransactionStore(storage).take(testTransaction().state)).toEqual(
      testTransaction({ returnPath: '/api' }),
    );
  });

  it('gives a transaction out once', () => {
    const store = implicitTransactionStore(new InMemoryWebStorage());
    store.save(testTransaction());
    store.take(testTransaction().state);
    expect(store.take(testTransaction().state)).toBeNull();
  });

  it('knows nothing of another state', () => {
    const store = implicitTransactionStore(new InMemoryWebStorage());
    store.save(testTransaction());
    expect(store.take('a-guessed-state')).toBeNull();
  });

  it('drops an entry that is not one of its transactions', () => {
    const storage = new InMemoryWebStorage();
    storage.setItem('silent-auth-lab.implicit.s1', '{"state":"s1","responseType":"code"}');
    storage.setItem('silent-auth-lab.implicit.s2', 'not json');
    const store = implicitTransactionStore(storage);
    expect(store.take('s1')).toBeNull();
    expect(store.take('s2')).toBeNull();
    expect(storage.length).toBe(0);
  });
});
