import {
  answerError,
  answerObservation,
  boundTokenHeaders,
  withoutProof,
} from '../dpopEvidence.ts';
import { type Experiment, outcome, startRecord } from '../experiment.ts';
import { sendRecorded } from '../sendRecorded.ts';

/** Experiment 13: a DPoP-bound access token copied out of the tab is refused without the key. */
export const dpopCopiedToken: Experiment = {
  id: 'dpop-copied-token',
  number: 13,
  title: 'A copied access token (DPoP)',
  rule: 'A DPoP-bound access token is accepted only with a proof signed by the key it is bound to; alone, or as a bearer token, it is refused (RFC 9449 §7).',
  async run(env) {
    const record = startRecord('dpop-copied-token', env.now);
    const url = `${env.settings.apiUrl}/api/profile`;
    const presented = await boundTokenHeaders(env, url, 'GET');
    if (!presented.ok) return record.finish({ steps: [], ...presented });
    const { headers } = presented;
    const token = (headers.Authorization ?? '').replace(/^DPoP /, '');
    const noProof = await sendRecorded(
      {
        title: 'The copied token with the DPoP scheme, without a proof',
        url,
        headers: withoutProof(headers),
      },
      env,
    );
    noProof.step.observations = [answerObservation(noProof, 'invalid_dpop_proof')];
    const asBearer = await sendRecorded(
      {
        title: 'The copied token sent as a bearer token',
        url,
        headers: { Authorization: `Bearer ${token}` },
      },
      env,
    );
    asBearer.step.observations = [answerObservation(asBearer, 'invalid_token')];
    const withProof = await sendRecorded(
      { title: 'The same token from the app, with its proof (ath)', url, headers },
      env,
    );
    withProof.step.observations = [answerObservation(withProof, 'ok')];
    const steps = [noProof.step, asBearer.step, withProof.step];
    const explanation =
      'The token names its key (cnf.jkt). The API wants a proof signed by that key, for this method and URL, carrying the token’s hash (ath). The private key is non-extractable: a script, an extension or a log that copies the token gets no key with it, so the copy is useless.';
    const refused =
      answerError(noProof) === 'invalid_dpop_proof' && answerError(asBearer) === 'invalid_token';
    if (refused && withProof.status === 200) {
      return record.finish({
        steps,
        outcome: outcome(
          'confirmed',
          'copy_refused',
          'Refused twice as a copy (no proof: invalid_dpop_proof; as Bearer: invalid_token); accepted with the app’s proof.',
          'server_answer',
        ),
        explanation,
      });
    }
    return record.finish({
      steps,
      outcome: refused
        ? outcome(
            'error',
            'proof_refused',
            `The app’s own proof was refused (${withProof.status} ${answerError(withProof) ?? ''}).`,
          )
        : outcome('contradicted', 'copy_accepted', 'The API accepted the token without a proof.'),
      explanation,
    });
  },
};
