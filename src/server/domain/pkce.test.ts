import { describe, expect, it } from 'vitest';
import { isS256Challenge, s256, verifyPkce } from './pkce.ts';

// RFC 7636 Appendix B.
const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const challenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

describe('verifyPkce', () => {
  it('accepts the RFC 7636 example', () => {
    expect(s256(verifier)).toBe(challenge);
    expect(verifyPkce(challenge, verifier)).toBe(true);
  });

  it('refuses a verifier that does not hash to the challenge', () => {
    expect(verifyPkce(challenge, `${verifier.slice(0, -1)}Y`)).toBe(false);
  });

  it('refuses the challenge itself sent as verifier (plain downgrade)', () => {
    expect(verifyPkce(challenge, challenge)).toBe(false);
  });

  it('refuses verifiers that are too short, too long or use other characters', () => {
    expect(verifyPkce(s256('short'), 'short')).toBe(false);
    const long = 'a'.repeat(129);
    expect(verifyPkce(s256(long), long)).toBe(false);
    const spaced = `${'a'.repeat(42)} `;
    expect(verifyPkce(s256(spaced), spaced)).toBe(false);
  });
});

describe('isS256Challenge', () => {
  it('accepts only a 43-character base64url value', () => {
    expect(isS256Challenge(challenge)).toBe(true);
    expect(isS256Challenge(`${challenge}=`)).toBe(false);
    expect(isS256Challenge('abc')).toBe(false);
  });
});
