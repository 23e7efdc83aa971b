import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuthFailure } from '../../auth/authFailure.ts';
import type { AuthStore } from '../../auth/authStore.ts';
import { readClientSettings } from '../../auth/clientSettings.ts';
import type { FedCmFlowResult } from '../fedcmFlow.ts';
import type { LabEnvironment } from '../labEnvironment.ts';
import type { SilentFlowResult } from '../silentCodeFlow.ts';

// The two flows the experiment compares are played here; each verdict must follow their causes.
const flows = vi.hoisted(() => ({
  frame: null as AuthFailure | null,
  fedcm: [] as (AuthFailure | null)[],
  fedcmAsked: [] as string[],
}));
vi.mock('../silentCodeFlow.ts', () => ({
  runSilentCodeFlow: async (): Promise<SilentFlowResult> => ({
    steps: [{ title: 'frame' }],
    tokenResponse: flows.frame ? null : { access_token: 'a' },
    failure: flows.frame,
    durationMs: 1,
    mark: { at: 0, transport: 'iframe', durationMs: 1, ok: !flows.frame, label: 'frame' },
  }),
}));
vi.mock('../fedcmFlow.ts', () => ({
  runFedCmFlow: async (
    _env: unknown,
    { mediation }: { mediation: string },
  ): Promise<FedCmFlowResult> => {
    flows.fedcmAsked.push(mediation);
    const failure = flows.fedcm.shift() ?? null;
    return {
      steps: [{ title: `fedcm ${mediation}` }],
      tokenResponse: failure ? null : { access_token: 'a' },
      failure,
      autoSelected: !failure,
      durationMs: 1,
      mark: { at: 0, transport: 'fedcm', durationMs: 1, ok: !failure, label: 'fedcm' },
    };
  },
}));

const { fedcmAutoReauthnVsFrame } = await import('./fedcmAutoReauthnVsFrame.ts');

const env: LabEnvironment = {
  settings: readClientSettings(undefined, 'http://localhost:5173'),
  auth: {} as AuthStore,
  window: undefined as unknown as Window,
  document: undefined as unknown as Document,
  fetch: undefined as unknown as typeof fetch,
  now: Date.now,
};
const failure = (reason: AuthFailure['reason'], decidedBy?: AuthFailure['decidedBy']) => ({
  reason,
  error: null,
  description: `because ${reason}`,
  ...(decidedBy ? { decidedBy } : {}),
});
const COOKIES_BLOCKED = failure('third_party_cookies_blocked', 'cookie_probe');

beforeEach(() => {
  flows.frame = COOKIES_BLOCKED;
  flows.fedcm = [];
  flows.fedcmAsked = [];
});

describe('experiment 18: auto re-authentication against the hidden frame', () => {
  it('confirmed: the frame blocked by cookies, FedCM silent renews, asked again the quiet period', async () => {
    flows.fedcm = [null, failure('fedcm_quiet_period', 'fedcm_browser')];
    const record = await fedcmAutoReauthnVsFrame.run(env);
    expect(record.outcome).toMatchObject({
      verdict: 'confirmed',
      code: 'fedcm_silent_then_quiet',
      decidedBy: 'cookie_probe',
    });
    expect(flows.fedcmAsked).toEqual(['silent', 'silent']);
    expect(record.renewals?.map((mark) => [mark.transport, mark.ok])).toEqual([
      ['iframe', false],
      ['fedcm', true],
      ['fedcm', false],
    ]);
  });

  it('a second silent success contradicts the quiet period', async () => {
    flows.fedcm = [null, null];
    const record = await fedcmAutoReauthnVsFrame.run(env);
    expect(record.outcome).toMatchObject({ verdict: 'contradicted', code: 'no_quiet_period' });
  });

  it('silent refused at once (no earlier FedCM sign-in, or a profile without auto re-authn): says so, asks no more', async () => {
    flows.fedcm = [failure('fedcm_no_account', 'fedcm_browser')];
    const record = await fedcmAutoReauthnVsFrame.run(env);
    expect(record.outcome).toMatchObject({
      verdict: 'precondition',
      code: 'fedcm_silent_unavailable',
    });
    expect(record.outcome.summary).toMatch(/persistent|off-the-record/);
    expect(flows.fedcmAsked).toEqual(['silent']);
  });

  it('already in the quiet period before it starts: a precondition, not a failure of FedCM', async () => {
    flows.fedcm = [failure('fedcm_quiet_period', 'fedcm_browser')];
    const record = await fedcmAutoReauthnVsFrame.run(env);
    expect(record.outcome).toMatchObject({ verdict: 'precondition', code: 'fedcm_quiet_period' });
  });

  it('a browser without FedCM: fedcm_unsupported', async () => {
    flows.fedcm = [failure('fedcm_unsupported')];
    const record = await fedcmAutoReauthnVsFrame.run(env);
    expect(record.outcome).toMatchObject({ verdict: 'precondition', code: 'fedcm_unsupported' });
  });

  it('the frame renewing too (cookies reach it) is no comparison: precondition, whatever FedCM did', async () => {
    flows.frame = null;
    flows.fedcm = [null, failure('fedcm_quiet_period', 'fedcm_browser')];
    const record = await fedcmAutoReauthnVsFrame.run(env);
    expect(record.outcome).toMatchObject({ verdict: 'precondition', code: 'frame_renewed' });
  });
});
