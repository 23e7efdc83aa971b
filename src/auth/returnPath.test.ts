import { describe, expect, it } from 'vitest';
import { returnPathOrHome, safeReturnPath } from './returnPath.ts';

const ORIGIN = 'http://localhost:5173';

describe('safeReturnPath', () => {
  it.each([
    ['/', '/'],
    ['/profile', '/profile'],
    ['/api?tab=orders#result', '/api?tab=orders#result'],
    ['/a/../profile', '/profile'],
  ])('keeps the same-origin path %s', (candidate, expected) => {
    expect(safeReturnPath(candidate, ORIGIN)).toBe(expected);
  });

  it.each([
    ['//evil.com', 'protocol-relative URL'],
    ['//evil.com/profile', 'protocol-relative URL with a path'],
    ['https://evil.com', 'absolute URL elsewhere'],
    ['http://localhost:5173/profile', 'absolute URL, even on our origin'],
    ['/\\evil.com', 'backslash that browsers read as a slash'],
    ['\\\\evil.com', 'double backslash'],
    ['/\t/evil.com', 'tab that browsers drop'],
    ['/\n/evil.com', 'newline that browsers drop'],
    ['javascript:alert(1)', 'javascript: URL'],
    ['profile', 'relative path'],
    ['', 'empty string'],
    ['/callback?code=abc', 'the callback page (would loop)'],
    ['/silent-callback.html', 'the silent callback page'],
  ])('refuses %j (%s)', (candidate) => {
    expect(safeReturnPath(candidate, ORIGIN)).toBeNull();
  });

  it.each([undefined, null, 42, { path: '/' }, ['/profile']])(
    'refuses the non-string %j',
    (candidate) => {
      expect(safeReturnPath(candidate, ORIGIN)).toBeNull();
    },
  );

  it('refuses a path too long to be real', () => {
    expect(safeReturnPath(`/${'a'.repeat(3000)}`, ORIGIN)).toBeNull();
  });
});

describe('returnPathOrHome', () => {
  it('falls back to the home page for an unsafe path', () => {
    expect(returnPathOrHome('//evil.com', ORIGIN)).toBe('/');
    expect(returnPathOrHome('/api', ORIGIN)).toBe('/api');
  });
});
