import { FRAME_TRANSPORTS, type FrameTransportName } from '../../auth/clientSettings.ts';
import { describeFailure, type Experiment, outcome, startRecord } from '../experiment.ts';
import type { LabRenewalMark, LabStep } from '../labRecord.ts';
import { runSilentCodeFlow, sessionPrecondition } from '../silentCodeFlow.ts';

/** Rounds per transport: one is noise, three give a median worth reading. */
export const ROUNDS = 3;

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

/** Experiment 4: silent renewal with a live server session, timed per transport. */
export const silentRenewalPerTransport: Experiment = {
  id: 'silent-renewal',
  number: 4,
  title: 'Silent renewal with a live server session',
  rule: 'A SPA renews with silent authentication: /authorize?prompt=none in a hidden iframe, answered from the server session (redirect to a silent callback page, or web_message).',
  caution: `Uses your session at the server: ${ROUNDS} renewals per transport; the tokens are thrown away, your tab keeps its own.`,
  async run(env) {
    const record = startRecord('silent-renewal', env.now);
    const steps: LabStep[] = [];
    const renewals: LabRenewalMark[] = [];
    const times: Record<FrameTransportName, number[]> = { iframe: [], web_message: [] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const transport of FRAME_TRANSPORTS) {
        const flow = await runSilentCodeFlow(env, { label: transport, transport, diagnose: true });
        renewals.push(flow.mark);
        // The requests of the first round are shown; later rounds only add their times.
        if (round === 0) steps.push(...flow.steps);
        if (flow.failure) {
          const precondition = sessionPrecondition(flow.failure);
          return record.finish({
            steps: round === 0 ? steps : [...steps, ...flow.steps],
            outcome:
              precondition?.outcome ??
              outcome(
                'error',
                flow.failure.reason,
                `${transport}: ${describeFailure(flow.failure)}`,
              ),
            explanation: explain(),
            renewals,
            ...(precondition ? { followUp: precondition.followUp } : {}),
          });
        }
        times[transport].push(flow.durationMs);
      }
    }
    const summary = FRAME_TRANSPORTS.map(
      (transport) => `${transport} ${Math.round(median(times[transport]))} ms`,
    ).join(', ');
    steps.push({
      title: `Time to fresh tokens, per transport (${ROUNDS} rounds, median)`,
      observations: FRAME_TRANSPORTS.map((transport) => ({
        label: transport,
        value: `median ${Math.round(median(times[transport]))} ms (${times[transport].map((ms) => `${ms} ms`).join(', ')})`,
        flag: 'ok' as const,
      })),
    });
    return record.finish({
      steps,
      outcome: outcome(
        'confirmed',
        'renewed',
        `Renewed silently through both transports: ${summary} (median, frame + code exchange).`,
      ),
      explanation: explain(),
      renewals,
    });
  },
};

const explain = () =>
  'The hidden iframe is a same-site request, so the browser sends the server its session cookie and the server answers prompt=none without showing a page: a code that the app exchanges with PKCE. iframe: the server redirects the frame to our silent callback page, which posts its URL to the app. web_message: the server answers with a page that posts the response to the app (Auth0 checkSession). No refresh token is involved; the session cookie (httpOnly, on the server) is what keeps you signed in.';
