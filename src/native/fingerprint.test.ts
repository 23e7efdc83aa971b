import { describe, expect, it } from 'vitest';
import { fingerprint } from './fingerprint.ts';

describe('fingerprint', () => {
  it('names a token by a short hash, the same each time, never by the token', () => {
    const token = 'a-refresh-token-that-must-never-be-printed';
    expect(fingerprint(token)).toMatch(/^sha256:[0-9a-f]{12}$/);
    expect(fingerprint(token)).toBe(fingerprint(token));
    expect(fingerprint(token)).not.toContain(token.slice(0, 6));
    expect(fingerprint(`${token}x`)).not.toBe(fingerprint(token));
  });
});
