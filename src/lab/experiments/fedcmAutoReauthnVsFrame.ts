import { FEDCM_QUIET_PERIOD_MS } from '../../auth/fedcmCredential.ts';
import { describeFailure, type Experiment, outcome, startRecord } from '../experiment.ts';
import { runFedCmFlow } from '../fedcmFlow.ts';
import { authorityOnHost } from '../labEnvironment.ts';
import type { LabOutcome, LabStep } from '../labRecord.ts';
import { runSilentCodeFlow } from '../silentCodeFlow.ts';
import { CROSS_SITE_HOST } from './crossSiteCookiesBlocked.ts';
import { fedcmPrecondition } from './fedcmSignInCookiesBlocked.ts';

const QUIET_MINUTES = FEDCM_QUIET_PERIOD_MS / 60_000;

/**
 * Experiment 18: renewal across sites, the hidden frame against FedCM's silent mediation. The
 * frame fails (no cookie, found by the cookie probe); FedCM re-authenticates with no dialog;
 * asked again at once, the browser refuses: its quiet period. Each verdict rests on the cause
 * the page saw, never on a time.
 */
export const fedcmAutoReauthnVsFrame: Experiment = {
  id: 'fedcm-auto-reauthn',
  number: 18,
  title: 'Auto re-authentication (FedCM) against the hidden frame, across sites',
  rule: `Where the hidden frame gets no cookie, FedCM with mediation silent re-authenticates a returning person with no dialog — at most once every ${QUIET_MINUTES} minutes per site.`,
  caution: `Needs a session at 127.0.0.1 and an earlier FedCM sign-in in this browser profile (experiment 17). Uses up the browser's silent re-authentication for ${QUIET_MINUTES} minutes, so the app's own FedCM renewals fall back to the hidden frame until then.`,
  async run(env) {
    const record = startRecord('fedcm-auto-reauthn', env.now);
    const authority = authorityOnHost(env.settings.authority, CROSS_SITE_HOST);
    const host = new URL(authority).host;
    const frame = await runSilentCodeFlow(env, {
      label: `Hidden frame at ${host}`,
      transport: 'iframe',
      authority,
      diagnose: true,
    });
    const steps: LabStep[] = [...frame.steps];
    const renewals = [frame.mark];
    const finish = (result: LabOutcome) =>
      record.finish({ steps, outcome: result, explanation: EXPLANATION, renewals });

    const silent = await runFedCmFlow(env, {
      label: 'FedCM, silent',
      authority,
      mediation: 'silent',
    });
    steps.push(...silent.steps);
    renewals.push(silent.mark);
    if (silent.failure) {
      const { failure } = silent;
      if (failure.reason === 'fedcm_no_account') {
        return finish(
          outcome(
            'precondition',
            'fedcm_silent_unavailable',
            `The browser did not re-authenticate silently (${describeFailure(failure)}). Silent mediation needs an earlier FedCM sign-in in this browser profile (run experiment 17 first), a session at ${host}, and a profile that keeps FedCM's permission: off-the-record (incognito) profiles, and the default ones of automated browsers, have auto re-authentication off.`,
            failure.decidedBy,
          ),
        );
      }
      if (failure.reason === 'fedcm_quiet_period') {
        return finish(
          outcome(
            'precondition',
            'fedcm_quiet_period',
            `${failure.description}. The app or an earlier run already used it: run it again after that.`,
            failure.decidedBy,
          ),
        );
      }
      return finish(
        fedcmPrecondition(failure, host) ??
          outcome('error', failure.reason, describeFailure(failure), failure.decidedBy),
      );
    }

    const again = await runFedCmFlow(env, {
      label: 'FedCM, silent, asked again at once',
      authority,
      mediation: 'silent',
    });
    steps.push(...again.steps);
    renewals.push(again.mark);
    steps.push({
      title: 'Comparison',
      observations: [
        {
          label: 'hidden frame',
          value: frame.failure ? describeFailure(frame.failure) : 'renewed',
          flag: frame.failure ? 'bad' : 'ok',
        },
        {
          label: 'FedCM, silent',
          value: silent.autoSelected ? 'renewed, no dialog' : 'renewed',
          flag: 'ok',
        },
        {
          label: 'FedCM, silent again',
          value: again.failure ? describeFailure(again.failure) : 'renewed',
          flag: again.failure?.reason === 'fedcm_quiet_period' ? 'ok' : 'bad',
        },
      ],
    });
    if (!again.failure) {
      return finish(
        outcome(
          'contradicted',
          'no_quiet_period',
          `A second silent re-authentication went through at once: no ${QUIET_MINUTES}-minute quiet period in this browser.`,
        ),
      );
    }
    if (again.failure.reason !== 'fedcm_quiet_period') {
      return finish(
        outcome(
          'error',
          again.failure.reason,
          `The second silent attempt failed for another reason: ${describeFailure(again.failure)}.`,
          again.failure.decidedBy,
        ),
      );
    }
    if (frame.failure?.reason !== 'third_party_cookies_blocked') {
      return finish(
        outcome(
          'precondition',
          frame.failure ? frame.failure.reason : 'frame_renewed',
          `FedCM re-authenticated silently, then kept its quiet period; but the hidden frame ${frame.failure ? `failed otherwise (${describeFailure(frame.failure)})` : `renewed at ${host} too (storage access, or third-party cookies allowed)`}, so this run does not compare the two where frames are blocked.`,
          frame.failure?.decidedBy,
        ),
      );
    }
    return finish(
      outcome(
        'confirmed',
        'fedcm_silent_then_quiet',
        `The hidden frame got no cookie at ${host} (found by the cookie probe); FedCM re-authenticated with no dialog and brought tokens; asked again at once, the browser refused before asking the server: its ${QUIET_MINUTES}-minute quiet period.`,
        'cookie_probe',
      ),
    );
  },
};

const EXPLANATION = `Across sites the browser keeps the server's cookies out of the hidden frame, so prompt=none there sees no session. FedCM's silent mediation asks the server for the accounts with its own cookie and, for a person who signed in through FedCM before in this browser profile, re-authenticates with no dialog. The browser allows that once per ${QUIET_MINUTES} minutes per site and then refuses with the same bare NetworkError it uses for every silent refusal, without asking the server; the page knows it is the quiet period only because it remembers its last silent success. The app does the same: it says "quiet period" and lets the hidden frame (or a full-page sign-in) take over until then.`;
