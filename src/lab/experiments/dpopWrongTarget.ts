import { answerError, answerObservation, boundTokenHeaders } from '../dpopEvidence.ts';
import { type Experiment, outcome, startRecord } from '../experiment.ts';
import { sendRecorded } from '../sendRecorded.ts';

/** Experiment 15: a proof names its method and URL (htm, htu); elsewhere it is refused. */
export const dpopWrongTarget: Experiment = {
  id: 'dpop-wrong-target',
  number: 15,
  title: 'A DPoP proof for another URL or method',
  rule: 'A proof is for one method and one URL (htm, htu): the server refuses it for any other (RFC 9449 §4.3).',
  async run(env) {
    const record = startRecord('dpop-wrong-target', env.now);
    const profile = `${env.settings.apiUrl}/api/profile`;
    const orders = `${env.settings.apiUrl}/api/orders`;
    const forOrders = await boundTokenHeaders(env, orders, 'GET');
    if (!forOrders.ok) return record.finish({ steps: [], ...forOrders });
    const forPost = await boundTokenHeaders(env, profile, 'POST');
    if (!forPost.ok) return record.finish({ steps: [], ...forPost });
    const otherUrl = await sendRecorded(
      {
        title: 'A proof made for GET /api/orders, sent to GET /api/profile',
        url: profile,
        headers: forOrders.headers,
      },
      env,
    );
    otherUrl.step.observations = [answerObservation(otherUrl, 'invalid_dpop_proof')];
    const otherMethod = await sendRecorded(
      {
        title: 'A proof made for POST /api/profile, sent with GET',
        url: profile,
        headers: forPost.headers,
      },
      env,
    );
    otherMethod.step.observations = [answerObservation(otherMethod, 'invalid_dpop_proof')];
    const steps = [otherUrl.step, otherMethod.step];
    const both =
      answerError(otherUrl) === 'invalid_dpop_proof' &&
      answerError(otherMethod) === 'invalid_dpop_proof';
    return record.finish({
      steps,
      outcome: both
        ? outcome(
            'confirmed',
            'target_refused',
            'Refused for another URL and for another method (invalid_dpop_proof).',
            'server_answer',
          )
        : outcome(
            'contradicted',
            'target_accepted',
            'A proof was accepted for a request it was not made for.',
          ),
      explanation:
        'A proof captured from one request cannot be used for another: it is signed over the method and the URL, so a token and proof seen on a read cannot be turned into a write or sent to another endpoint.',
    });
  },
};
