import { describe, expect, it } from 'vitest';
import { activateStorageAccessRetry, decideStorageAccessRetry } from './storageAccess.ts';

const APP = 'http://localhost:5173';
const framed = { dest: 'iframe', storageAccess: 'inactive', origin: APP };

describe('decideStorageAccessRetry', () => {
  it('asks a framed, inactive request from a registered origin to retry for exactly it', () => {
    expect(decideStorageAccessRetry(framed, [APP])).toEqual({ retry: true, origin: APP });
    expect(activateStorageAccessRetry(APP)).toBe(`retry; allowed-origin="${APP}"`);
  });

  it.each([
    ['a top-level request', { ...framed, dest: 'document' }, 'not_framed'],
    ['a fetch', { ...framed, dest: 'empty' }, 'not_framed'],
    ['a request without fetch metadata', { ...framed, dest: undefined }, 'not_framed'],
    ['no grant', { ...framed, storageAccess: 'none' }, 'not_inactive'],
    ['storage access already active', { ...framed, storageAccess: 'active' }, 'not_inactive'],
    ['no Sec-Fetch-Storage-Access', { ...framed, storageAccess: undefined }, 'not_inactive'],
    ['no Origin', { ...framed, origin: undefined }, 'no_origin'],
    ['an opaque origin', { ...framed, origin: 'null' }, 'no_origin'],
    [
      'an unregistered origin',
      { ...framed, origin: 'https://evil.example' },
      'origin_not_registered',
    ],
    ['a wildcard origin', { ...framed, origin: '*' }, 'origin_not_registered'],
    ['a registered origin with a path', { ...framed, origin: `${APP}/` }, 'origin_not_registered'],
  ])('refuses %s', (_, request, reason) => {
    expect(decideStorageAccessRetry(request, [APP])).toEqual({ retry: false, reason });
  });

  it('refuses every origin for a client without web origins', () => {
    expect(decideStorageAccessRetry(framed, [])).toEqual({
      retry: false,
      reason: 'client_without_web_origins',
    });
  });

  it('never lets a wildcard in the registered list stand for any origin', () => {
    expect(decideStorageAccessRetry(framed, ['*'])).toEqual({
      retry: false,
      reason: 'origin_not_registered',
    });
  });
});
