import { UNFRAMEABLE_SPA_CLIENT_ID } from '../../protocol/defaults.ts';
import { type Experiment, startRecord } from '../experiment.ts';
import { judgeDiagnosis, runSilentCodeFlow } from '../silentCodeFlow.ts';

/** Experiment 7: a client whose origin may not frame the server: frame_blocked. */
export const unframeableClient: Experiment = {
  id: 'unframeable',
  number: 7,
  title: 'A client whose origin may not frame the server',
  rule: "The server answers prompt=none with Content-Security-Policy frame-ancestors listing the client's web origins; a client without this origin among them cannot renew in a frame.",
  async run(env) {
    const record = startRecord('unframeable', env.now);
    const flow = await runSilentCodeFlow(env, {
      label: `Client ${UNFRAMEABLE_SPA_CLIENT_ID}`,
      transport: 'iframe',
      clientId: UNFRAMEABLE_SPA_CLIENT_ID,
    });
    return record.finish({
      steps: flow.steps,
      outcome: judgeDiagnosis(flow, 'frame_blocked', {
        confirmed: (how) =>
          `The server's answer refused to be framed; found by ${how} in ${flow.durationMs} ms (the timeout is ${env.settings.silentTimeoutSeconds} s).`,
      }),
      explanation: `This seeded client registers no web origin, so the server's answer says frame-ancestors 'none'. The browser then shows an error page in the frame instead of the server's answer: nothing is posted back. The page cannot read why (the frame is cross-origin), but it can tell: the frame loaded without answering, and the server is reachable, so it refused to be framed. Saying so as soon as the frame has loaded, instead of waiting for the ${env.settings.silentTimeoutSeconds} s timeout, is what lets the app fall back quickly.`,
      renewals: [flow.mark],
    });
  },
};
