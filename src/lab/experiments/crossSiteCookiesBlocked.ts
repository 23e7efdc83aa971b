import { describeFailure, type Experiment, outcome, startRecord } from '../experiment.ts';
import { authorityOnHost } from '../labEnvironment.ts';
import { runSilentCodeFlow } from '../silentCodeFlow.ts';

/** The diagnosis must come fast enough to fall back before the user notices. */
export const DIAGNOSIS_BUDGET_MS = 2_000;

export const CROSS_SITE_HOST = '127.0.0.1';

/** Experiment 6: the same server reached cross-site: cookies withheld, diagnosed in ≤ 2 s. */
export const crossSiteCookiesBlocked: Experiment = {
  id: 'cross-site',
  number: 6,
  title: 'The same server reached cross-site (127.0.0.1)',
  rule: 'Browsers that block third-party cookies do not send the server its session cookie in a cross-site frame, so silent authentication cannot work there.',
  async run(env) {
    const record = startRecord('cross-site', env.now);
    const authority = authorityOnHost(env.settings.authority, CROSS_SITE_HOST);
    const flow = await runSilentCodeFlow(env, {
      label: `Cross-site (${new URL(authority).host})`,
      transport: 'iframe',
      authority,
      diagnose: true,
    });
    const explanation = `${new URL(env.settings.spaOrigin).hostname} and ${CROSS_SITE_HOST} are different sites, so the frame is a third-party context: the browser keeps the server's cookies out of it, whatever their SameSite value. The server sees no session and answers login_required — which would wrongly read as "signed out". The cookie probe tells the two apart in one more tiny frame, so the app can say what really happened and offer the fallback at once: a full-page (top-level) sign-in, where the server's cookies are first-party again.`;
    const reason = flow.failure?.reason ?? 'renewed';
    const fast = flow.durationMs <= DIAGNOSIS_BUDGET_MS;
    flow.steps.push({
      title: 'Diagnosis',
      observations: [
        {
          label: 'reason',
          value: flow.failure ? describeFailure(flow.failure) : 'renewed',
          flag: reason === 'third_party_cookies_blocked' ? 'ok' : 'bad',
        },
        {
          label: 'time to the diagnosis',
          value: `${flow.durationMs} ms (budget ${DIAGNOSIS_BUDGET_MS} ms)`,
          flag: fast ? 'ok' : 'bad',
        },
      ],
    });
    return record.finish({
      steps: flow.steps,
      outcome:
        reason === 'third_party_cookies_blocked' && fast
          ? outcome(
              'confirmed',
              'third_party_cookies_blocked',
              `The browser kept the server's cookies out of the cross-site frame; diagnosed in ${flow.durationMs} ms, fallback offered.`,
            )
          : reason === 'third_party_cookies_blocked'
            ? outcome(
                'contradicted',
                'slow_diagnosis',
                `third_party_cookies_blocked, but only after ${flow.durationMs} ms.`,
              )
            : outcome(
                'contradicted',
                reason,
                `Expected third_party_cookies_blocked, got ${flow.failure ? describeFailure(flow.failure) : 'fresh tokens'} (does this browser allow third-party cookies?).`,
              ),
      explanation,
      renewals: [flow.mark],
      followUp: {
        kind: 'top-level-sign-in',
        text: 'The fallback: sign in with a full-page redirect. A top-level page is first-party to the server, so its cookies work there.',
      },
    });
  },
};
