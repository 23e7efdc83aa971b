import { UNFRAMEABLE_SPA_CLIENT_ID } from '../../protocol/defaults.ts';
import {
  DECIDED_BY_WORDS,
  describeFailure,
  type Experiment,
  outcome,
  startRecord,
} from '../experiment.ts';
import { runSilentCodeFlow } from '../silentCodeFlow.ts';

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
    const reason = flow.failure?.reason ?? 'renewed';
    const decidedBy = flow.failure?.decidedBy;
    const how = decidedBy ? (DECIDED_BY_WORDS[decidedBy] ?? decidedBy) : 'nothing';
    flow.steps.push({
      title: 'Diagnosis',
      observations: [
        {
          label: 'reason',
          value: flow.failure ? describeFailure(flow.failure) : 'renewed',
          flag: reason === 'frame_blocked' ? 'ok' : 'bad',
        },
        { label: 'decided by', value: how },
        { label: 'time to the diagnosis', value: `${flow.durationMs} ms` },
      ],
    });
    return record.finish({
      steps: flow.steps,
      outcome:
        reason === 'frame_blocked'
          ? outcome(
              'confirmed',
              'frame_blocked',
              `The server's answer refused to be framed; found by ${how} in ${flow.durationMs} ms (the timeout is ${env.settings.silentTimeoutSeconds} s).`,
              decidedBy,
            )
          : outcome(
              'contradicted',
              reason,
              `Expected frame_blocked, got ${flow.failure ? describeFailure(flow.failure) : 'fresh tokens'}.`,
              decidedBy,
            ),
      explanation: `This seeded client registers no web origin, so the server's answer says frame-ancestors 'none'. The browser then shows an error page in the frame instead of the server's answer: nothing is posted back. The page cannot read why (the frame is cross-origin), but it can tell: the frame loaded without answering, and the server is reachable, so it refused to be framed. Saying so as soon as the frame has loaded, instead of waiting for the ${env.settings.silentTimeoutSeconds} s timeout, is what lets the app fall back quickly.`,
      renewals: [flow.mark],
    });
  },
};
