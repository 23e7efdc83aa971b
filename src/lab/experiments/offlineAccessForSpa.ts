import { OFFLINE_ACCESS_SCOPE } from '../../protocol/oauth.ts';
import { describeFailure, type Experiment, outcome, startRecord } from '../experiment.ts';
import { runSilentCodeFlow, sessionPrecondition } from '../silentCodeFlow.ts';

/** Experiment 1: the SPA asks for offline_access; the token response has no refresh_token. */
export const offlineAccessForSpa: Experiment = {
  id: 'offline-access',
  number: 1,
  title: 'The SPA asks for offline_access',
  rule: 'A refresh token is issued only to a client that can keep it: never to a single-page application, even when it asks for offline_access.',
  caution: 'Uses your session at the server (prompt=none); the tokens it gets are thrown away.',
  async run(env) {
    const record = startRecord('offline-access', env.now);
    const scope = `${env.settings.scope} ${OFFLINE_ACCESS_SCOPE}`;
    const flow = await runSilentCodeFlow(env, {
      label: 'SPA client',
      transport: 'iframe',
      scope,
      diagnose: true,
    });
    const explanation =
      'The server decides per client type: a spa client has no refresh_token grant, so offline_access is removed from the granted scope without an error (Auth0: a single-page application should never receive a refresh token). A browser cannot keep one safe — any script on the page could read it — so the app renews with prompt=none instead.';
    if (!flow.tokenResponse) {
      const precondition = sessionPrecondition(flow.failure);
      return record.finish({
        steps: flow.steps,
        outcome:
          precondition?.outcome ??
          outcome(
            'error',
            flow.failure?.reason ?? 'no_tokens',
            `No tokens came back: ${flow.failure ? describeFailure(flow.failure) : 'unknown'}`,
          ),
        explanation,
        renewals: [flow.mark],
        ...(precondition ? { followUp: precondition.followUp } : {}),
      });
    }
    const response = flow.tokenResponse;
    const granted = String(response.scope ?? '')
      .split(' ')
      .filter(Boolean);
    const hasRefreshToken = 'refresh_token' in response;
    const last = flow.steps.at(-1);
    if (last) {
      last.observations = [
        {
          label: 'refresh_token in the response',
          value: hasRefreshToken ? 'present — against the rule' : 'absent',
          flag: hasRefreshToken ? 'bad' : 'ok',
        },
        { label: 'scope asked for', value: scope },
        {
          label: 'scope granted',
          value: `${granted.join(' ')}${granted.includes(OFFLINE_ACCESS_SCOPE) ? '' : ' (offline_access dropped)'}`,
          flag: granted.includes(OFFLINE_ACCESS_SCOPE) ? 'bad' : 'ok',
        },
        { label: 'fields of the token response', value: Object.keys(response).join(', ') },
      ];
    }
    return record.finish({
      steps: flow.steps,
      outcome: hasRefreshToken
        ? outcome(
            'contradicted',
            'refresh_token_issued',
            'The server sent a refresh token to the SPA.',
          )
        : outcome(
            'confirmed',
            'no_refresh_token',
            `No refresh_token in the token response; offline_access was dropped from the granted scope (${granted.join(' ')}).`,
          ),
      explanation,
      renewals: [flow.mark],
    });
  },
};
