import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuthFailure } from '../../auth/authFailure.ts';
import type { AuthStore } from '../../auth/authStore.ts';
import { readClientSettings } from '../../auth/clientSettings.ts';
import type { CookieProbeResult } from '../../auth/cookieProbe.ts';
import type { FedCmFlowResult } from '../fedcmFlow.ts';
import type { LabEnvironment } from '../labEnvironment.ts';

// The cookie probe and the FedCM flow are played here; each verdict must follow what they found.
const page = vi.hoisted(() => ({
  probe: null as CookieProbeResult | null,
  fedcm: null as AuthFailure | null,
  refreshToken: false,
  mediation: '',
}));
vi.mock('../silentCodeFlow.ts', () => ({
  probeCookies: async () => ({ step: { title: 'probe' }, probe: page.probe }),
}));
vi.mock('../fedcmFlow.ts', () => ({
  runFedCmFlow: async (
    _env: unknown,
    { mediation }: { mediation: string },
  ): Promise<FedCmFlowResult> => {
    page.mediation = mediation;
    return {
      steps: [{ title: 'fedcm' }],
      tokenResponse: page.fedcm
        ? null
        : { access_token: 'a', ...(page.refreshToken ? { refresh_token: 'r' } : {}) },
      failure: page.fedcm,
      autoSelected: false,
      durationMs: 1,
      mark: { at: 0, transport: 'fedcm', durationMs: 1, ok: !page.fedcm, label: 'fedcm' },
    };
  },
}));

const { fedcmSignInCookiesBlocked } = await import('./fedcmSignInCookiesBlocked.ts');

const env: LabEnvironment = {
  settings: readClientSettings(undefined, 'http://localhost:5173'),
  auth: {} as AuthStore,
  window: undefined as unknown as Window,
  document: undefined as unknown as Document,
  fetch: undefined as unknown as typeof fetch,
  now: Date.now,
};
const BLOCKED: CookieProbeResult = { cookies: false, storageAccess: 'grantable' };

beforeEach(() => {
  page.probe = BLOCKED;
  page.fedcm = null;
  page.refreshToken = false;
});

describe('experiment 17: FedCM sign-in with third-party cookies blocked', () => {
  it('confirmed: no cookie in the frame, tokens through FedCM (the chooser allowed), no refresh token', async () => {
    const record = await fedcmSignInCookiesBlocked.run(env);
    expect(record.outcome).toMatchObject({ verdict: 'confirmed', code: 'fedcm_signed_in' });
    expect(page.mediation).toBe('optional');
    expect(record.steps.map((step) => step.title)).toEqual([
      "The restriction: does the server's cookie reach a hidden frame at 127.0.0.1:4400?",
      'fedcm',
    ]);
  });

  it('a refresh token for the SPA contradicts the rule', async () => {
    page.refreshToken = true;
    const record = await fedcmSignInCookiesBlocked.run(env);
    expect(record.outcome).toMatchObject({
      verdict: 'contradicted',
      code: 'refresh_token_issued',
    });
  });

  it('cookies reaching the frame (storage access granted) leave nothing to show: precondition', async () => {
    page.probe = { cookies: true, storageAccess: 'active' };
    const record = await fedcmSignInCookiesBlocked.run(env);
    expect(record.outcome).toMatchObject({ verdict: 'precondition', code: 'cookies_reach_frame' });
  });

  it.each([
    ['fedcm_unsupported', 'fedcm_unsupported'],
    ['fedcm_disabled', 'fedcm_disabled'],
    ['timeout', 'fedcm_no_answer'],
    ['network_error', 'fedcm_no_account'],
  ] as const)('FedCM failing with %s is the precondition %s', async (reason, code) => {
    page.fedcm = { reason, error: null, description: reason };
    const record = await fedcmSignInCookiesBlocked.run(env);
    expect(record.outcome).toMatchObject({ verdict: 'precondition', code });
  });

  it('another failure is an error, with the reason', async () => {
    page.fedcm = { reason: 'oauth_error', error: 'unauthorized_client', description: null };
    const record = await fedcmSignInCookiesBlocked.run(env);
    expect(record.outcome).toMatchObject({ verdict: 'error', code: 'oauth_error' });
  });
});
