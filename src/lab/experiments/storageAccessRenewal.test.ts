import { describe, expect, it } from 'vitest';
import type { AuthFailure } from '../../auth/authFailure.ts';
import type { StorageAccessReport } from '../../protocol/oauth.ts';
import { judgeStorageAccessRenewal, storageAccessObservations } from './storageAccessRenewal.ts';

const report = (change: Partial<StorageAccessReport> = {}): StorageAccessReport => ({
  header: 'active',
  first: 'inactive',
  api: true,
  permission: 'granted',
  ...change,
});

const blocked = (storageAccess: AuthFailure['storageAccess']): AuthFailure => ({
  reason: 'third_party_cookies_blocked',
  error: 'login_required',
  description: null,
  decidedBy: 'cookie_probe',
  ...(storageAccess ? { storageAccess } : {}),
});

describe('judgeStorageAccessRenewal', () => {
  it('confirms a renewal whose cookie came through the grant: inactive, retried, active', () => {
    const { outcome } = judgeStorageAccessRenewal({
      failure: null,
      probe: { cookies: true, storageAccess: 'active' },
      report: report(),
    });
    expect(outcome).toMatchObject({
      verdict: 'confirmed',
      code: 'renewed_with_storage_access',
      decidedBy: 'cookie_probe',
    });
    expect(outcome.summary).toContain('first request came inactive');
  });

  it('says storage access is not needed where the cookie reaches the frame anyway (same site)', () => {
    const { outcome } = judgeStorageAccessRenewal({
      failure: null,
      probe: { cookies: true, storageAccess: 'not_needed' },
      report: report({ header: null, first: null }),
    });
    expect(outcome).toMatchObject({ verdict: 'precondition', code: 'storage_access_not_needed' });
    expect(outcome.summary).toContain('not needed here');
  });

  it('reports blocked and grantable without a grant, not a vague failure', () => {
    const judged = judgeStorageAccessRenewal({
      failure: blocked('grantable'),
      probe: null,
      report: null,
    });
    expect(judged.outcome).toMatchObject({
      verdict: 'precondition',
      code: 'third_party_cookies_blocked',
      decidedBy: 'cookie_probe',
    });
    expect(judged.outcome.summary).toContain('this browser can ask you');
    expect(judged.outcome.summary).toContain('Allow it once');
    expect(judged.followUp?.kind).toBe('top-level-sign-in');
  });

  it('offers no button where the browser has no API to ask with', () => {
    const { outcome } = judgeStorageAccessRenewal({
      failure: blocked('no_api'),
      probe: null,
      report: null,
    });
    expect(outcome.summary).toContain('no Storage Access API');
    expect(outcome.summary).not.toContain('Allow it once');
  });

  it('says a grant that let no cookie in for what it is (a browser without the headers)', () => {
    const { outcome } = judgeStorageAccessRenewal({
      failure: blocked('granted_not_active'),
      probe: null,
      report: null,
    });
    expect(outcome.summary).toContain('granted, but the cookie stayed out of the frame');
    expect(outcome.summary).not.toContain('Allow it once');
  });

  it('asks to sign in first when the cookie came and the server had no session', () => {
    const { outcome } = judgeStorageAccessRenewal({
      failure: { reason: 'login_required', error: 'login_required', description: null },
      probe: null,
      report: null,
    });
    expect(outcome).toMatchObject({ verdict: 'precondition', code: 'login_required' });
  });

  it('does not call a renewal storage access when the probe could not say how the cookie came', () => {
    const { outcome } = judgeStorageAccessRenewal({ failure: null, probe: null, report: null });
    expect(outcome).toMatchObject({ verdict: 'error', code: 'probe_inconclusive' });
  });
});

describe('storageAccessObservations', () => {
  it('tells the way in: inactive without the cookie, the retry, active with it', () => {
    const values = storageAccessObservations(
      { cookies: true, storageAccess: 'active' },
      report(),
    )?.map((observation) => observation.value);
    expect(values?.[0]).toBe(
      'Sec-Fetch-Storage-Access: inactive, no cookie (a grant exists, not yet used)',
    );
    expect(values?.[1]).toContain('Activate-Storage-Access: retry');
    expect(values?.[2]).toBe('Sec-Fetch-Storage-Access: active, cookie sent');
  });

  it('claims no retry where none was needed', () => {
    const values = storageAccessObservations(
      { cookies: true, storageAccess: 'not_needed' },
      report({ header: null, first: null }),
    )?.map((observation) => observation.value);
    expect(values?.[1]).toBe('no retry asked (nothing to retry with)');
  });
});
