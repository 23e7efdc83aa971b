import { answerError, answerObservation, boundTokenHeaders } from '../dpopEvidence.ts';
import { type Experiment, outcome, startRecord } from '../experiment.ts';
import { endpointOf } from '../labEnvironment.ts';
import { sendRecorded } from '../sendRecorded.ts';

/** Experiment 16: the server's nonce (use_dpop_nonce, DPoP-Nonce) and the one retry with it. */
export const dpopNonceRoundTrip: Experiment = {
  id: 'dpop-nonce',
  number: 16,
  title: 'The DPoP nonce round trip',
  rule: 'A server may ask every proof to carry a nonce it chose: it answers use_dpop_nonce with a DPoP-Nonce header, and the client retries once with it (RFC 9449 §8, §9).',
  caution: 'Needs the server to ask for nonces (control API: setDpop({ requireNonce: true })).',
  async run(env) {
    const record = startRecord('dpop-nonce', env.now);
    const url = endpointOf(env.settings.authority, 'userinfo');
    const first = await boundTokenHeaders(env, url, 'GET');
    if (!first.ok) return record.finish({ steps: [], ...first });
    const asked = await sendRecorded(
      { title: 'Userinfo with a proof and no nonce', url, headers: first.headers },
      env,
    );
    const nonce = asked.headers?.get('DPoP-Nonce') ?? null;
    const explanation =
      'The nonce makes a proof fresh by the server’s word rather than by the client’s clock: a proof made before the nonce existed (signed earlier by a stolen device, or with a skewed clock) is refused. The app retries once with the nonce, at the token endpoint and at the API; a second use_dpop_nonce is the answer.';
    if (asked.status === 200) {
      asked.step.observations = [answerObservation(asked, 'ok')];
      return record.finish({
        steps: [asked.step],
        outcome: outcome(
          'precondition',
          'nonce_not_required',
          'The server accepted the proof without a nonce: it does not ask for nonces now. Turn them on (control API setDpop({ requireNonce: true })) and run it again.',
          'server_answer',
        ),
        explanation,
      });
    }
    asked.step.observations = [
      answerObservation(asked, 'use_dpop_nonce'),
      { label: 'DPoP-Nonce', value: nonce ?? '(none)', flag: nonce ? 'ok' : 'bad' },
    ];
    if (answerError(asked) !== 'use_dpop_nonce' || !nonce) {
      return record.finish({
        steps: [asked.step],
        outcome: outcome(
          'error',
          answerError(asked) ?? 'no_answer',
          `Userinfo answered ${asked.status} ${answerError(asked) ?? ''}, not use_dpop_nonce.`,
        ),
        explanation,
      });
    }
    const second = await boundTokenHeaders(env, url, 'GET', nonce);
    if (!second.ok) return record.finish({ steps: [asked.step], ...second });
    const retried = await sendRecorded(
      { title: 'Once more, with a new proof carrying the nonce', url, headers: second.headers },
      env,
    );
    retried.step.observations = [answerObservation(retried, 'ok')];
    return record.finish({
      steps: [asked.step, retried.step],
      outcome:
        retried.status === 200
          ? outcome(
              'confirmed',
              'nonce_round_trip',
              'use_dpop_nonce with a DPoP-Nonce, then accepted on the one retry with that nonce.',
              'server_answer',
            )
          : outcome(
              'contradicted',
              'nonce_refused',
              `The retry with the server’s nonce got ${retried.status} ${answerError(retried) ?? ''}.`,
            ),
      explanation,
    });
  },
};
