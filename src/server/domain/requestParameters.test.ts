import { describe, expect, it } from 'vitest';
import { param, requestParameters, requiredParam, spaceSeparated } from './requestParameters.ts';

describe('requestParameters', () => {
  it('treats an empty value as absent (OIDC Core §3.1.2.1)', () => {
    const params = requestParameters(new URLSearchParams('nonce=&state=s'));
    expect(param(params, 'nonce')).toBeUndefined();
    expect(param(params, 'state')).toBe('s');
    expect(() => requiredParam(params, 'nonce')).toThrow('Missing required parameter: nonce');
  });

  it('refuses a repeated parameter when it is read', () => {
    const params = requestParameters(new URLSearchParams('scope=a&scope=b&x=1&x=2'));
    expect(() => param(params, 'scope')).toThrow(/must not be repeated/);
  });

  it('has no prototype keys', () => {
    const params = requestParameters(new URLSearchParams(''));
    expect(param(params, 'constructor')).toBeUndefined();
    expect(param(params, '__proto__')).toBeUndefined();
  });
});

describe('spaceSeparated', () => {
  it('splits on spaces and drops duplicates and empties', () => {
    expect(spaceSeparated('openid  profile openid')).toEqual(['openid', 'profile']);
    expect(spaceSeparated(undefined)).toEqual([]);
  });
});
