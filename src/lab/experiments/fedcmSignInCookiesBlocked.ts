import type { AuthFailure } from '../../auth/authFailure.ts';
import { describeFailure, type Experiment, outcome, startRecord } from '../experiment.ts';
import { runFedCmFlow } from '../fedcmFlow.ts';
import { authorityOnHost } from '../labEnvironment.ts';
import type { LabOutcome } from '../labRecord.ts';
import { probeCookies } from '../silentCodeFlow.ts';
import { CROSS_SITE_HOST } from './crossSiteCookiesBlocked.ts';

/**
 * What stops a FedCM experiment before it shows anything: the browser has no FedCM, no account
 * (no session at the server's cross-site host), FedCM turned off, or nobody answered the chooser.
 * Null for anything else. Shared by experiments 17 and 18.
 */
export function fedcmPrecondition(failure: AuthFailure, host: string): LabOutcome | null {
  const said = describeFailure(failure);
  switch (failure.reason) {
    case 'fedcm_unsupported':
      return outcome(
        'precondition',
        'fedcm_unsupported',
        `This browser has no FedCM (${said}). Chromium-based browsers have it; Firefox and Safari do not.`,
      );
    case 'fedcm_no_account':
      return outcome(
        'precondition',
        'fedcm_no_account',
        `The browser had no account to offer from ${host} (${said}). Sign in at ${host} first (lab settings: that host, then Sign in), then run it again.`,
        failure.decidedBy,
      );
    case 'fedcm_disabled':
      return outcome(
        'precondition',
        'fedcm_disabled',
        `FedCM is turned off in this browser or was declined (${said}).`,
        failure.decidedBy,
      );
    case 'timeout':
      return outcome(
        'precondition',
        'fedcm_no_answer',
        `Nobody answered the browser's account chooser (${said}). Headless Chromium shows it to no one unless the test automates it (the kit's auth.fedcm(page)).`,
        failure.decidedBy,
      );
    default:
      return null;
  }
}

/**
 * Experiment 17: the same cross-site server as experiment 6, where the hidden frame gets no
 * cookie; FedCM's accounts request does, and the page gets tokens. The verdict rests on what the
 * page saw: the cookie probe's answer, FedCM's code, the token response — never on times.
 */
export const fedcmSignInCookiesBlocked: Experiment = {
  id: 'fedcm-sign-in',
  number: 17,
  title: 'FedCM sign-in with third-party cookies blocked (127.0.0.1)',
  rule: "FedCM's accounts request carries the identity provider's own cookie even where third-party cookies are blocked, so the browser can sign a person in across sites where a hidden frame cannot.",
  caution:
    'Needs a session at 127.0.0.1 and a Chromium-based browser; the browser may show its account chooser. Tokens stay in the experiment.',
  async run(env) {
    const record = startRecord('fedcm-sign-in', env.now);
    const authority = authorityOnHost(env.settings.authority, CROSS_SITE_HOST);
    const host = new URL(authority).host;
    const { step: probeStep, probe } = await probeCookies(env, authority);
    probeStep.title = `The restriction: does the server's cookie reach a hidden frame at ${host}?`;
    const flow = await runFedCmFlow(env, {
      label: `FedCM at ${host}`,
      authority,
      mediation: 'optional',
    });
    const steps = [probeStep, ...flow.steps];
    const explanation = `A hidden frame at ${host} is a third-party context: the browser keeps the server's cookies out of it, and silent authentication there sees no session. With FedCM the browser itself asks the server for the person's accounts (Sec-Fetch-Dest: webidentity) and sends the server's SameSite=None session cookie with that request, then posts the assertion — here an authorization code bound to the page's PKCE challenge and nonce, exchanged at the token endpoint like any other. The page never sees those requests, only the credential the browser hands back. No refresh token: the client is a SPA.`;
    const finish = (result: LabOutcome) =>
      record.finish({ steps, outcome: result, explanation, renewals: [flow.mark] });

    if (flow.failure?.reason === 'network_error' && probe !== null) {
      // The server answered the probe, so the network is fine: the browser refused on its own,
      // saying only NetworkError (no account it knows of, or a FedCM problem it keeps to itself).
      return finish(
        outcome(
          'precondition',
          'fedcm_no_account',
          `The browser refused with a bare NetworkError though the server answers (${describeFailure(flow.failure)}): most often no account signed in at ${host} (the browser's login status for it is logged-out). Sign in at ${host} first (lab settings: that host, then Sign in), then run it again.`,
          flow.failure.decidedBy,
        ),
      );
    }
    if (flow.failure) {
      const blocked = fedcmPrecondition(flow.failure, host);
      if (blocked) return finish(blocked);
      return finish(
        outcome(
          'error',
          flow.failure.reason,
          `FedCM did not bring tokens: ${describeFailure(flow.failure)}.`,
          flow.failure.decidedBy,
        ),
      );
    }
    if (flow.tokenResponse?.refresh_token !== undefined) {
      return finish(
        outcome('contradicted', 'refresh_token_issued', 'FedCM brought a refresh token to a SPA.'),
      );
    }
    if (probe === null) {
      return finish(
        outcome(
          'error',
          'probe_unanswered',
          'FedCM brought tokens, but the cookie probe did not answer: whether cookies reach a frame here is unknown.',
        ),
      );
    }
    if (probe.cookies) {
      return finish(
        outcome(
          'precondition',
          'cookies_reach_frame',
          `FedCM brought tokens, but the server's cookie reaches a hidden frame at ${host} too (storage access: ${probe.storageAccess}), so this run does not show FedCM working where frames cannot.`,
        ),
      );
    }
    return finish(
      outcome(
        'confirmed',
        'fedcm_signed_in',
        `The hidden frame got no cookie from ${host}, yet FedCM's accounts request did: tokens for the session's account (${flow.autoSelected ? 'chosen by the browser, no dialog' : 'chosen in the account chooser'}), no refresh token.`,
        'cookie_probe',
      ),
    );
  },
};
