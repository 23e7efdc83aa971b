import {
  M2M_CLIENT_ID,
  M2M_TEST_SECRET,
  MANAGEMENT_SCOPES,
  managementAudienceFor,
  NATIVE_CLIENT_ID,
} from '../../protocol/defaults.ts';
import { GRANT_TYPES } from '../../protocol/oauth.ts';
import { type Experiment, outcome, startRecord } from '../experiment.ts';
import { endpointOf } from '../labEnvironment.ts';
import type { LabStep } from '../labRecord.ts';
import { sendRecorded } from '../sendRecorded.ts';

export const NATIVE_DEMO_LOGIN = 'npm run native-demo -- login';
export const NATIVE_DEMO_REFRESH = 'npm run native-demo -- refresh';

interface DeviceCredential {
  id: string;
  device_name: string;
  client_id: string;
  user_id: string;
  type: string;
}

const credentialsIn = (body: unknown): DeviceCredential[] =>
  Array.isArray(body)
    ? (body as DeviceCredential[]).filter((item) => typeof item?.id === 'string')
    : [];

const EXPLANATION =
  "An installed app is a public client like the SPA, but its refresh token lives outside any web page (here in a 0600 file; on a real device in the OS keychain) and is used without a browser Origin, so the server issues one with offline_access: bound to the app, the user and the device, with no expiry. Because it lives that long, it must be revocable: an administrator deletes the device credential (management API or dashboard), and the app's next refresh fails with invalid_grant. The browser app needs none of this: ending its server session is enough. The lab reads and revokes through the management API with the seeded machine-to-machine client's test secret — a lab-only shortcut standing in for an administrator's back end; a real SPA must never hold a client secret. The native app's token itself never comes near this page.";

/** Experiment 10: a native client holds a refresh token; revoked, it loses it. */
export const nativeAppRefreshToken: Experiment = {
  id: 'native-app',
  number: 10,
  title: 'The native app comparison',
  rule: 'A native (installed) app may get a refresh token with offline_access; it lasts until revoked, per application, user and device.',
  caution: `Needs the native demo signed in first (${NATIVE_DEMO_LOGIN}). Revokes its refresh token.`,
  async run(env) {
    const record = startRecord('native-app', env.now);
    const { settings } = env;
    const steps: LabStep[] = [];
    const sub = env.auth.getState().session?.sub ?? null;

    const token = await sendRecorded(
      {
        title:
          'Lab-only shortcut: a management API token (client_credentials, the m2m client’s test secret)',
        url: endpointOf(settings.authority, 'oauth/token'),
        form: {
          grant_type: GRANT_TYPES.clientCredentials,
          client_id: M2M_CLIENT_ID,
          client_secret: M2M_TEST_SECRET,
          audience: managementAudienceFor(settings.issuer),
          scope: MANAGEMENT_SCOPES.join(' '),
        },
      },
      env,
    );
    steps.push(token.step);
    const accessToken = (token.body as { access_token?: unknown } | null)?.access_token;
    if (typeof accessToken !== 'string') {
      return record.finish({
        steps,
        outcome: outcome('error', 'no_management_token', 'The management API token was refused.'),
        explanation: EXPLANATION,
      });
    }
    const headers = { Authorization: `Bearer ${accessToken}` };
    const query = new URLSearchParams({
      client_id: NATIVE_CLIENT_ID,
      ...(sub ? { user_id: sub } : {}),
    });
    const listUrl = `${endpointOf(settings.authority, 'api/v2/device-credentials')}?${query}`;
    const list = async (title: string) => {
      const exchange = await sendRecorded({ title, url: listUrl, headers }, env);
      steps.push(exchange.step);
      return exchange;
    };

    const before = await list(
      `The native app's refresh tokens${sub ? ` for ${sub}` : ''} (device credentials)`,
    );
    if (before.status === null) {
      return record.finish({
        steps,
        outcome: outcome(
          'error',
          'management_api_unreadable',
          "The browser could not read the management API's answer: the server does not allow this origin there (CORS).",
        ),
        explanation: EXPLANATION,
      });
    }
    const held = credentialsIn(before.body);
    before.step.observations = [
      {
        label: 'refresh tokens held by the native app',
        value:
          held.length > 0
            ? `${held.length} present (${held.map((item) => `“${item.device_name}”`).join(', ')})`
            : 'none',
        flag: held.length > 0 ? 'ok' : 'info',
      },
    ];
    if (held.length === 0) {
      return record.finish({
        steps,
        outcome: outcome(
          'precondition',
          'no_native_token',
          `The native app holds no refresh token${sub ? ' for you' : ''} yet: run ${NATIVE_DEMO_LOGIN} (and sign in as the same user), then run this again.`,
        ),
        explanation: EXPLANATION,
        followUp: {
          kind: 'run-command',
          text: 'Sign the native demo in first, in a terminal:',
          command: NATIVE_DEMO_LOGIN,
        },
      });
    }
    for (const credential of held) {
      const revoke = await sendRecorded(
        {
          title: `Revoke “${credential.device_name}”`,
          method: 'DELETE',
          url: endpointOf(
            settings.authority,
            `api/v2/device-credentials/${encodeURIComponent(credential.id)}`,
          ),
          headers,
        },
        env,
      );
      steps.push(revoke.step);
    }
    const after = await list('The same list, after revoking');
    const left = credentialsIn(after.body).filter((item) =>
      held.some((gone) => gone.id === item.id),
    );
    after.step.observations = [
      {
        label: 'revoked tokens still listed',
        value: left.length === 0 ? 'none: revoked' : `${left.length} still there`,
        flag: left.length === 0 ? 'ok' : 'bad',
      },
    ];
    return record.finish({
      steps,
      outcome:
        left.length === 0 && after.status === 200
          ? outcome(
              'confirmed',
              'revoked',
              `The native app held ${held.length} refresh token${held.length > 1 ? 's' : ''}; revoked, ${held.length > 1 ? 'they are' : 'it is'} gone. Its next refresh fails with invalid_grant.`,
            )
          : outcome('contradicted', 'still_held', 'The revoked refresh token is still listed.'),
      explanation: EXPLANATION,
      followUp: {
        kind: 'run-command',
        text: 'See the native app lose it, in a terminal:',
        command: NATIVE_DEMO_REFRESH,
      },
    });
  },
};
