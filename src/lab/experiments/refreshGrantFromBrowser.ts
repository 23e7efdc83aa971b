import { NATIVE_CLIENT_ID } from '../../protocol/defaults.ts';
import { GRANT_TYPES } from '../../protocol/oauth.ts';
import { type Experiment, outcome, startRecord } from '../experiment.ts';
import { endpointOf } from '../labEnvironment.ts';
import { randomValue } from '../pkce.ts';
import { sendRecorded } from '../sendRecorded.ts';

const errorOf = (body: unknown) => (body as { error?: unknown } | null)?.error;
const descriptionOf = (body: unknown) =>
  String((body as { error_description?: unknown } | null)?.error_description ?? '');

/** Experiment 2: grant_type=refresh_token from the browser is refused, for two reasons. */
export const refreshGrantFromBrowser: Experiment = {
  id: 'refresh-grant',
  number: 2,
  title: 'The SPA tries grant_type=refresh_token from the browser',
  rule: 'A single-page application may not use refresh tokens, and no refresh token may be used from a browser.',
  async run(env) {
    const record = startRecord('refresh-grant', env.now);
    const tokenEndpoint = endpointOf(env.settings.authority, 'oauth/token');
    // Made up here: the server refuses before it even looks the token up, which is the point.
    const refreshToken = `lab-made-up-${randomValue(24)}`;
    const asSpa = await sendRecorded(
      {
        title: 'As the SPA client',
        url: tokenEndpoint,
        form: {
          grant_type: GRANT_TYPES.refreshToken,
          client_id: env.settings.clientId,
          refresh_token: refreshToken,
        },
      },
      env,
    );
    const asNative = await sendRecorded(
      {
        title: 'As the native client (which may hold refresh tokens), still from this page',
        url: tokenEndpoint,
        form: {
          grant_type: GRANT_TYPES.refreshToken,
          client_id: NATIVE_CLIENT_ID,
          refresh_token: refreshToken,
        },
      },
      env,
    );
    const refused = (exchange: typeof asSpa) =>
      exchange.status !== null &&
      exchange.status >= 400 &&
      exchange.status < 500 &&
      errorOf(exchange.body) === 'unauthorized_client';
    asSpa.step.observations = [
      {
        label: 'why',
        value: descriptionOf(asSpa.body) || '(no description)',
        flag: refused(asSpa) ? 'ok' : 'bad',
      },
    ];
    asNative.step.observations = [
      {
        label: 'why',
        value: descriptionOf(asNative.body) || '(no description)',
        flag: refused(asNative) ? 'ok' : 'bad',
      },
      { label: 'Origin the browser sent', value: env.settings.spaOrigin },
    ];
    const steps = [asSpa.step, asNative.step];
    const explanation =
      'Two rules refuse it. The client type: a spa client has no refresh_token grant. And the request itself: a browser always sends an Origin header with this cross-origin POST, and the server refuses refresh-token use from any browser — so a refresh token that leaked into a page is useless there too. The token sent here is made up: the server refuses before it even looks it up. The SPA renews with prompt=none in a hidden frame instead.';
    if (asSpa.status === null || asNative.status === null) {
      return record.finish({
        steps,
        outcome: outcome('error', 'no_answer', 'The token endpoint gave no readable answer.'),
        explanation,
      });
    }
    const both = refused(asSpa) && refused(asNative);
    return record.finish({
      steps,
      outcome: both
        ? outcome(
            'confirmed',
            'unauthorized_client',
            `Refused twice with ${asSpa.status} unauthorized_client: as a SPA, and as any client from a browser.`,
          )
        : outcome(
            'contradicted',
            'accepted',
            'The token endpoint did not refuse a refresh-token request from the browser as expected.',
          ),
      explanation,
    });
  },
};
