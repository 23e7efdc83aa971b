import { type Experiment, outcome, startRecord } from '../experiment.ts';
import { authorityOnHost } from '../labEnvironment.ts';
import { judgeDiagnosis, probeCookies, runSilentCodeFlow } from '../silentCodeFlow.ts';

export const CROSS_SITE_HOST = '127.0.0.1';

/**
 * Experiment 6: the same server reached cross-site: cookies withheld, told apart from "signed
 * out" by the cookie probe. The verdict rests on that cause; the time it took is reported (a
 * busy machine is slow, not wrong; `npm run bench` measures it).
 */
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
    if (flow.failure === null) {
      // Renewed: say why. A storage access grant (experiment 12) is not a broken rule.
      const { step, probe } = await probeCookies(env, authority);
      flow.steps.push(step);
      if (probe?.storageAccess === 'active') {
        return record.finish({
          steps: flow.steps,
          outcome: outcome(
            'precondition',
            'storage_access_granted',
            "Renewed: this browser holds a storage access grant for the server under this site (the cookie probe's request went active with the cookie), so the cross-site frame got its cookie — experiment 12 shows how. To see the block, take the grant back in the browser's site settings.",
            'cookie_probe',
          ),
          explanation,
          renewals: [flow.mark],
        });
      }
    }
    return record.finish({
      steps: flow.steps,
      outcome: judgeDiagnosis(flow, 'third_party_cookies_blocked', {
        confirmed: (how) =>
          `The browser kept the server's cookies out of the cross-site frame; found by ${how} in ${flow.durationMs} ms, fallback offered.`,
        otherwise: ' (does this browser allow third-party cookies?)',
      }),
      explanation,
      renewals: [flow.mark],
      followUp: {
        kind: 'top-level-sign-in',
        text: 'The fallback: sign in with a full-page redirect. A top-level page is first-party to the server, so its cookies work there.',
      },
    });
  },
};
