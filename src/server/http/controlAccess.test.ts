import { describe, expect, it } from 'vitest';
import { isControlTokenValid } from './controlAccess.ts';

describe('isControlTokenValid', () => {
  it('lets everything through when no token is configured', () => {
    expect(isControlTokenValid(undefined, undefined)).toBe(true);
  });

  it('accepts the configured bearer token', () => {
    expect(isControlTokenValid('s3cret', 'Bearer s3cret')).toBe(true);
    expect(isControlTokenValid('s3cret', 'bearer s3cret')).toBe(true);
  });

  it.each([
    ['no header', undefined],
    ['another token', 'Bearer s3cre'],
    ['a longer token', 'Bearer s3cret-and-more'],
    ['the token without a scheme', 's3cret'],
    ['Basic credentials', 'Basic s3cret'],
    ['an empty bearer', 'Bearer '],
  ])('refuses %s', (_, header) => {
    expect(isControlTokenValid('s3cret', header)).toBe(false);
  });
});
