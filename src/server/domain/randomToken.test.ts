import { describe, expect, it } from 'vitest';
import { randomToken } from './randomToken.ts';

const decodedLength = (token: string) => Buffer.from(token, 'base64url').length;

describe('randomToken', () => {
  it('is URL-safe base64 of the asked number of bytes (32 by default)', () => {
    expect(randomToken()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(decodedLength(randomToken())).toBe(32);
    expect(decodedLength(randomToken(16))).toBe(16);
    expect(decodedLength(randomToken(5000))).toBe(5000);
  });

  it('never hands out the same bytes twice, across many pool refills', () => {
    const tokens = Array.from({ length: 2000 }, (_, i) => randomToken(i % 2 === 0 ? 16 : 33));
    expect(new Set(tokens).size).toBe(tokens.length);
  });

  it('gives tokens whose bytes look uniformly random', () => {
    const bytes = Buffer.concat(
      Array.from({ length: 4000 }, () => Buffer.from(randomToken(16), 'base64url')),
    );
    const counts = new Array(256).fill(0);
    for (const byte of bytes) counts[byte]++;
    const expected = bytes.length / 256;
    // Chi-square with 255 degrees of freedom: above 400 happens far less than once in 10^6.
    const chiSquare = counts.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0);
    expect(chiSquare).toBeLessThan(400);
  });
});
