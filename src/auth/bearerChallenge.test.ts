import { describe, expect, it } from 'vitest';
import { parseBearerChallenge } from './bearerChallenge.ts';

describe('parseBearerChallenge', () => {
  it('reads the RFC 6750 parameters', () => {
    expect(
      parseBearerChallenge(
        'Bearer realm="demo-api", error="insufficient_scope", error_description="Needs read:orders", scope="read:orders"',
      ),
    ).toEqual({
      realm: 'demo-api',
      error: 'insufficient_scope',
      errorDescription: 'Needs read:orders',
      scope: 'read:orders',
    });
  });

  it('reads bare tokens, escapes and a lowercase scheme', () => {
    expect(
      parseBearerChallenge('bearer error=invalid_token, error_description="say \\"hi\\""'),
    ).toMatchObject({
      error: 'invalid_token',
      errorDescription: 'say "hi"',
      realm: null,
    });
  });

  it('reads a challenge with no parameters', () => {
    expect(parseBearerChallenge('Bearer')).toEqual({
      realm: null,
      error: null,
      errorDescription: null,
      scope: null,
    });
  });

  it('returns null without a Bearer challenge', () => {
    expect(parseBearerChallenge(null)).toBeNull();
    expect(parseBearerChallenge('Basic realm="x"')).toBeNull();
  });
});
