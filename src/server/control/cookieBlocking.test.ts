import { describe, expect, it } from 'vitest';
import { areCookiesBlocked } from './cookieBlocking.ts';

describe('areCookiesBlocked', () => {
  it.each([
    ['off', 'iframe', 'cross-site', false],
    ['cross-site', 'iframe', 'cross-site', true],
    ['cross-site', 'frame', 'cross-site', true],
    ['cross-site', 'iframe', 'same-site', false],
    ['cross-site', 'document', 'cross-site', false],
    ['cross-site', undefined, undefined, false],
    ['all-framed', 'iframe', 'same-site', true],
    ['all-framed', 'iframe', 'same-origin', true],
    ['all-framed', 'empty', 'cross-site', false],
  ] as const)('%s: dest %s, site %s → blocked %s', (mode, dest, site, blocked) => {
    expect(areCookiesBlocked(mode, { dest, site })).toBe(blocked);
  });
});
