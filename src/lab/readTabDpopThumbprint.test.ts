import { describe, expect, it } from 'vitest';
import { generateDpopKeys } from '../auth/dpopKeyStore.ts';
import { dpopThumbprint } from '../auth/dpopThumbprint.ts';
import { dpopBindingOf, readTabDpopThumbprint } from './readTabDpopThumbprint.ts';

describe('readTabDpopThumbprint', () => {
  it('reads the thumbprint of the key the store holds for the client, and makes none', async () => {
    const keys = await generateDpopKeys();
    const store = { get: async (id: string) => (id === 'spa' ? { keys } : undefined) };
    expect(await readTabDpopThumbprint('spa', store as never)).toBe(await dpopThumbprint(keys));
    expect(await readTabDpopThumbprint('other', store as never)).toBeNull();
  });
});

describe('dpopBindingOf', () => {
  it('says bound only when cnf.jkt is the thumbprint of the key this tab holds', () => {
    expect(dpopBindingOf({ cnf: { jkt: 'k1' } }, 'k1')).toEqual({ kind: 'bound', jkt: 'k1' });
    expect(dpopBindingOf({ cnf: { jkt: 'k1' } }, 'k2')).toEqual({
      kind: 'other-key',
      jkt: 'k1',
      held: 'k2',
    });
    expect(dpopBindingOf({ cnf: { jkt: 'k1' } }, null)).toMatchObject({ kind: 'other-key' });
    expect(dpopBindingOf({ sub: 'x' }, 'k1')).toEqual({ kind: 'bearer' });
    expect(dpopBindingOf(null, 'k1')).toEqual({ kind: 'bearer' });
  });
});
