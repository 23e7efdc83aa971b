import { answerError, answerObservation, boundTokenHeaders } from '../dpopEvidence.ts';
import { type Experiment, outcome, startRecord } from '../experiment.ts';
import { sendRecorded } from '../sendRecorded.ts';

/** Experiment 14: a DPoP proof is good for one request; sent again it is refused. */
export const dpopReplayedProof: Experiment = {
  id: 'dpop-replayed-proof',
  number: 14,
  title: 'A replayed DPoP proof',
  rule: 'Each proof has a unique jti; a server keeps the jtis it has seen and refuses a proof it has seen before (RFC 9449 §11.1).',
  async run(env) {
    const record = startRecord('dpop-replayed-proof', env.now);
    const url = `${env.settings.apiUrl}/api/profile`;
    const presented = await boundTokenHeaders(env, url, 'GET');
    if (!presented.ok) return record.finish({ steps: [], ...presented });
    const first = await sendRecorded(
      { title: 'Token and proof, first time', url, headers: presented.headers },
      env,
    );
    first.step.observations = [answerObservation(first, 'ok')];
    const again = await sendRecorded(
      { title: 'The very same token and proof, again', url, headers: presented.headers },
      env,
    );
    again.step.observations = [answerObservation(again, 'invalid_dpop_proof')];
    const explanation =
      'Someone who captures a whole request (token and proof) cannot send it again: the proof’s jti is spent. A new request needs a new proof, which only the key can sign.';
    const steps = [first.step, again.step];
    if (first.status !== 200) {
      return record.finish({
        steps,
        outcome: outcome(
          'error',
          'proof_refused',
          `The first, fresh proof was refused (${first.status} ${answerError(first) ?? ''}).`,
        ),
        explanation,
      });
    }
    return record.finish({
      steps,
      outcome:
        answerError(again) === 'invalid_dpop_proof'
          ? outcome(
              'confirmed',
              'replay_refused',
              'Accepted once; the same proof sent again was refused (invalid_dpop_proof).',
              'server_answer',
            )
          : outcome('contradicted', 'replay_accepted', `The replayed proof got ${again.status}.`),
      explanation,
    });
  },
};
