import { describe, expect, it } from 'vitest';
import type { StorageAccessReport } from '../protocol/oauth.ts';
import { canAskForStorageAccess, storageAccessStatusOf } from './storageAccessStatus.ts';

const report = (change: Partial<StorageAccessReport> = {}): StorageAccessReport => ({
  header: 'none',
  first: 'none',
  api: true,
  permission: 'prompt',
  ...change,
});

describe('storageAccessStatusOf', () => {
  it.each([
    [
      'cookies through an active grant',
      true,
      report({ header: 'active', permission: 'granted' }),
      'active',
    ],
    ['cookies without a grant (same site)', true, report({ header: null }), 'not_needed'],
    ['cookies from a server that sends no report', true, undefined, 'not_needed'],
    ['blocked, the API there and not asked yet', false, report(), 'grantable'],
    [
      'blocked, no API',
      false,
      report({ api: false, header: null, permission: 'unknown' }),
      'no_api',
    ],
    ['blocked, an older server (no report)', false, undefined, 'no_api'],
    [
      'blocked, granted but the cookie stayed out',
      false,
      report({ permission: 'granted' }),
      'granted_not_active',
    ],
    [
      'blocked, a grant the server did not retry',
      false,
      report({ header: 'inactive', permission: 'unknown' }),
      'granted_not_active',
    ],
    ['blocked, refused before', false, report({ permission: 'denied' }), 'denied'],
  ] as const)('%s → %s', (_, cookies, probeReport, status) => {
    expect(storageAccessStatusOf(cookies, probeReport)).toBe(status);
  });

  it('offers the grant button only where the browser can ask', () => {
    expect(canAskForStorageAccess('grantable')).toBe(true);
    for (const status of [
      'active',
      'granted_not_active',
      'denied',
      'no_api',
      'not_needed',
    ] as const) {
      expect(canAskForStorageAccess(status)).toBe(false);
    }
    expect(canAskForStorageAccess(undefined)).toBe(false);
  });
});
