import { describe, expect, it } from 'vitest';
import { endpointsFor, selectIssuer } from './issuer.ts';

const allowed = ['http://localhost:4400/', 'http://127.0.0.1:4400/'];

describe('selectIssuer', () => {
  it('speaks as the origin the request reached, with a trailing slash', () => {
    expect(selectIssuer(allowed, 'http://127.0.0.1:4400/authorize?x=1')).toBe(
      'http://127.0.0.1:4400/',
    );
    expect(selectIssuer(allowed, 'http://localhost:4400/')).toBe('http://localhost:4400/');
  });

  it('refuses an origin outside the allow-list and falls back to the first issuer', () => {
    expect(selectIssuer(allowed, 'http://evil.example:4400/')).toBe('http://localhost:4400/');
    expect(selectIssuer(allowed, 'http://localhost:9999/')).toBe('http://localhost:4400/');
  });

  it('reads the origin as a URL parser does, not as a prefix of the text', () => {
    expect(selectIssuer(allowed, 'http://user:pw@127.0.0.1:4400/authorize')).toBe(
      'http://127.0.0.1:4400/',
    );
    expect(selectIssuer(allowed, 'http://127.0.0.1:4400')).toBe('http://127.0.0.1:4400/');
    expect(selectIssuer(allowed, 'http://127.0.0.1:4400@evil.example/')).toBe(
      'http://localhost:4400/',
    );
  });
});

describe('endpointsFor', () => {
  it('places endpoints under the issuer', () => {
    expect(endpointsFor('http://localhost:4400/').userinfo).toBe('http://localhost:4400/userinfo');
  });
});
