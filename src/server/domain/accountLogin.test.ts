import { describe, expect, it } from 'vitest';
import { isLoginFormPostAllowed, isSafeReturnPath } from './accountLogin.ts';

describe('isSafeReturnPath', () => {
  it('accepts the server’s own signed-in pages', () => {
    for (const path of [
      '/dashboard',
      '/dashboard/users',
      '/activate',
      '/activate?user_code=BCDF-GHJK',
    ]) {
      expect(isSafeReturnPath(path)).toBe(true);
    }
  });

  it.each([
    'https://evil.example/dashboard',
    '//evil.example/dashboard',
    '/\\evil.example',
    '/dashboardevil',
    '/authorize',
    '/dashboard\n',
    '',
    undefined,
  ])('refuses %j', (path) => {
    expect(isSafeReturnPath(path)).toBe(false);
  });
});

describe('isLoginFormPostAllowed', () => {
  it('needs the same token in the cookie and the form', () => {
    expect(isLoginFormPostAllowed('abc', 'abc')).toBe(true);
    expect(isLoginFormPostAllowed('abc', 'abd')).toBe(false);
    expect(isLoginFormPostAllowed(undefined, 'abc')).toBe(false);
    expect(isLoginFormPostAllowed('abc', undefined)).toBe(false);
    expect(isLoginFormPostAllowed('', '')).toBe(false);
  });
});
