import { describe, expect, it } from 'vitest';
import { classifyAuthFailure } from './authFailure.ts';
import { checkResponseIssuer, ResponseIssuerError } from './checkResponseIssuer.ts';

const ISSUER = 'http://localhost:4400/';
const callback = (query: string) => `http://localhost:5173/callback?code=abc&state=s1${query}`;

describe('checkResponseIssuer', () => {
  it('accepts a response from the issuer we asked', () => {
    expect(() =>
      checkResponseIssuer(callback(`&iss=${encodeURIComponent(ISSUER)}`), ISSUER),
    ).not.toThrow();
  });

  it('accepts a response without iss (not every server sends it)', () => {
    expect(() => checkResponseIssuer(callback(''), ISSUER)).not.toThrow();
  });

  it.each([
    ['another server', 'https://evil.example/'],
    ['the same host cross-site', 'http://127.0.0.1:4400/'],
    ['the issuer without its trailing slash', 'http://localhost:4400'],
  ])('refuses a response naming %s (mix-up)', (_, iss) => {
    const attempt = () => checkResponseIssuer(callback(`&iss=${encodeURIComponent(iss)}`), ISSUER);
    expect(attempt).toThrow(ResponseIssuerError);
    try {
      attempt();
    } catch (error) {
      expect(classifyAuthFailure(error)).toMatchObject({ reason: 'invalid_response' });
    }
  });
});
