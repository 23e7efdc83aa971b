import { describeFailure, type Experiment, outcome, startRecord } from '../experiment.ts';
import { endpointOf, isSameSite } from '../labEnvironment.ts';
import type { LabStep } from '../labRecord.ts';
import { sendRecorded } from '../sendRecorded.ts';
import { probeCookies, runSilentCodeFlow, sessionPrecondition } from '../silentCodeFlow.ts';

/** Experiment 5: silent renewal after the server session ended: login_required. */
export const renewalAfterSessionEnded: Experiment = {
  id: 'session-ended',
  number: 5,
  title: 'Silent renewal after the server session ended',
  rule: 'prompt=none without a session at the server answers login_required; the app must then ask the user to sign in again.',
  caution:
    'Ends your session at the authorization server (its logout endpoint). This tab keeps its tokens until they expire, then needs a full sign-in again.',
  async run(env) {
    const record = startRecord('session-ended', env.now);
    const steps: LabStep[] = [];
    // Diagnosed: across sites, a login_required here means withheld cookies, not "no session".
    const before = await runSilentCodeFlow(env, {
      label: 'Before',
      transport: 'iframe',
      diagnose: true,
    });
    steps.push(...before.steps);
    const renewals = [before.mark];
    if (before.failure) {
      const needsSession = before.failure.reason === 'login_required';
      const blocked = needsSession ? null : sessionPrecondition(before.failure);
      return record.finish({
        steps,
        outcome: needsSession
          ? outcome(
              'precondition',
              'no_session',
              'There was no session at the server to end: sign in first, then run it again.',
            )
          : (blocked?.outcome ??
            outcome('error', before.failure.reason, describeFailure(before.failure))),
        explanation: EXPLANATION,
        renewals,
        ...(needsSession
          ? {
              followUp: {
                kind: 'sign-in-again',
                text: 'Sign in, then end the session with this experiment.',
              },
            }
          : blocked
            ? { followUp: blocked.followUp }
            : {}),
      });
    }

    if (!isSameSite(env.settings.spaOrigin, env.settings.authority)) {
      return record.finish({
        steps,
        outcome: outcome(
          'precondition',
          'cross_site_logout',
          `This page cannot end your session at ${new URL(env.settings.authority).host}: its logout request would be cross-site, and browsers never send a SameSite=Lax session cookie with one (storage access lets in the hidden frames, not this page's requests). Log out with the app's button (a full-page redirect), or choose the host localhost, then run it again.`,
        ),
        explanation: EXPLANATION,
        renewals,
      });
    }

    // What a logout link does: the session cookie goes with this same-site request (SameSite=Lax).
    const logout = await sendRecorded(
      {
        title: 'End the server session: its logout endpoint',
        url: endpointOf(env.settings.authority, 'v2/logout'),
        credentials: 'include',
        mode: 'no-cors',
      },
      env,
    );
    steps.push(logout.step);

    const after = await runSilentCodeFlow(env, { label: 'After', transport: 'iframe' });
    steps.push(...after.steps);
    renewals.push(after.mark);
    const { step: probeStep, probe } = await probeCookies(env, env.settings.authority);
    steps.push(probeStep);
    if (probeStep.response) {
      probeStep.observations = [
        {
          label: 'cookies reach the frame',
          value:
            probe?.cookies === true
              ? 'yes: so login_required really means "no session"'
              : probe?.cookies === false
                ? 'no: the browser blocks them (experiment 6)'
                : 'unknown',
          flag: probe?.cookies === true ? 'ok' : 'info',
        },
      ];
    }

    // The app's own renewal meets the same answer (shown in the timeline, in red).
    const { status } = env.auth.getState();
    if (status === 'authenticated' || status === 'expired') {
      await env.auth.getState().renewNow('manual');
      const last = env.auth
        .getState()
        .timeline.findLast((entry) => entry.type === 'renew_failed' || entry.type === 'renewed');
      steps.push({
        title: "This tab's own renewal, run now",
        observations: [
          {
            label: 'result',
            value:
              last?.type === 'renew_failed'
                ? `renew_failed: ${describeFailure(last.failure)} after ${last.durationMs} ms`
                : last?.type === 'renewed'
                  ? 'renewed (the server still had a session)'
                  : 'no renewal recorded',
            flag: last?.type === 'renew_failed' ? 'ok' : 'bad',
          },
        ],
      });
    }

    const code = after.failure?.reason ?? 'renewed';
    return record.finish({
      steps,
      outcome:
        code === 'login_required'
          ? outcome(
              'confirmed',
              'login_required',
              'Renewed before the logout; login_required after it, while the browser still sends the server its cookies.',
            )
          : outcome(
              'contradicted',
              code,
              after.failure
                ? describeFailure(after.failure)
                : 'Renewal still worked after the logout.',
            ),
      explanation: EXPLANATION,
      renewals,
      followUp: {
        kind: 'sign-in-again',
        text: 'Your server session has ended: sign in again to go on.',
      },
    });
  },
};

const EXPLANATION =
  'Silent renewal is only as long-lived as the server session: the hidden frame carries the session cookie, and without a session prompt=none must not show a login page, so it answers login_required. The cookie probe rules out the other cause (cookies blocked). Without a refresh token there is nothing else to fall back on — which is the point: ending the session at the server really ends access for the browser app, within one access-token lifetime.';
