import { diagnoseLoginRequired } from '../../auth/cookieProbe.ts';
import { iframeRedirectTransport } from '../../auth/iframeRedirectTransport.ts';
import type { SilentTransport } from '../../auth/silentTransport.ts';
import { OFFLINE_ACCESS_SCOPE } from '../../protocol/oauth.ts';
import { describeFailure, type Experiment, outcome, startRecord } from '../experiment.ts';
import { runHiddenFrameRequest } from '../hiddenFrameRequest.ts';
import { endpointOf } from '../labEnvironment.ts';
import type { LabStep } from '../labRecord.ts';
import { randomValue } from '../pkce.ts';
import { redactForDisplay, redactUrl } from '../redactForDisplay.ts';
import { failureFromResponse, probeCookies, sessionPrecondition } from '../silentCodeFlow.ts';

/**
 * The silent callback page posts its whole URL, fragment included; the frame-message checks read
 * `state` from the query, so the fragment is moved there first (the answer is otherwise unchanged).
 */
export function fragmentTransport(base: SilentTransport): SilentTransport {
  return {
    ...base,
    readResponse(data) {
      const href = base.readResponse(data);
      if (href === null) return null;
      const url = new URL(href);
      if (url.hash) {
        url.search = url.hash.slice(1);
        url.hash = '';
      }
      return url.href;
    },
  };
}

/** Experiment 3: implicit flow with offline_access: tokens in the fragment, never a refresh token. */
export const implicitWithOfflineAccess: Experiment = {
  id: 'implicit-offline',
  number: 3,
  title: 'Implicit flow with offline_access',
  rule: 'The implicit flow never returns a refresh token, even when offline_access is asked for.',
  caution: 'Uses your session at the server (prompt=none); the tokens it gets are thrown away.',
  async run(env) {
    const record = startRecord('implicit-offline', env.now);
    const { settings } = env;
    const state = randomValue(16);
    const scope = `${settings.scope} ${OFFLINE_ACCESS_SCOPE}`;
    const query = new URLSearchParams({
      client_id: settings.clientId,
      redirect_uri: settings.silentRedirectUri,
      response_type: 'id_token token',
      scope,
      audience: settings.audience,
      state,
      nonce: randomValue(16),
      prompt: 'none',
    });
    const url = `${endpointOf(settings.authority, 'authorize')}?${query}`;
    const answer = await runHiddenFrameRequest(env, {
      url,
      state,
      transport: fragmentTransport(iframeRedirectTransport(settings)),
      authority: settings.authority,
      timeoutMs: settings.silentTimeoutSeconds * 1000,
    });
    const explanation =
      'In the implicit flow the tokens come back in the URL fragment, straight to the browser: there is no back channel and no client authentication, so the server never issues a refresh token there (offline_access is dropped silently). Tokens in a URL can also leak through history and referrers, which is why the code flow with PKCE replaced it.';
    const step: LabStep = {
      title: 'Implicit (response_type=id_token token) prompt=none request in a hidden iframe',
      request: { method: 'GET', url: await redactUrl(url), via: 'hidden iframe' },
      durationMs: answer.durationMs,
    };
    if (answer.decidedBy !== 'message') {
      return record.finish({
        steps: [
          {
            ...step,
            response: { kind: 'none', note: answer.failure.description ?? answer.failure.reason },
          },
        ],
        outcome: outcome(
          'error',
          answer.failure.reason,
          `No answer: ${describeFailure(answer.failure)}`,
        ),
        explanation,
      });
    }
    const messageData = answer.message.data as { url?: unknown };
    const fragment = new URL(String(messageData.url ?? answer.answer)).hash.slice(1);
    const params = new URLSearchParams(fragment);
    const failure = failureFromResponse(params);
    const fields = Object.fromEntries(params);
    const observations: LabStep['observations'] = [
      {
        label: 'where the answer came',
        value: fragment
          ? 'in the URL fragment (#…), never sent to any server'
          : 'not in a fragment',
        flag: fragment ? 'ok' : 'bad',
      },
      { label: 'fields in the fragment', value: Object.keys(fields).join(', ') || '(none)' },
    ];
    const steps: LabStep[] = [
      {
        ...step,
        response: {
          kind: 'message',
          origin: answer.message.origin,
          body: await redactForDisplay(answer.message.data),
        },
        observations,
      },
    ];
    if (failure) {
      // login_required may be the browser's blocked cookies (cross-site): the probe tells.
      let diagnosed = failure;
      if (failure.reason === 'login_required') {
        const { step: probeStep, probe } = await probeCookies(env, settings.authority);
        steps.push(probeStep);
        diagnosed = await diagnoseLoginRequired(failure, async () => probe);
      }
      const precondition = sessionPrecondition(diagnosed);
      return record.finish({
        steps,
        outcome:
          precondition?.outcome ?? outcome('error', diagnosed.reason, describeFailure(diagnosed)),
        explanation,
        ...(precondition ? { followUp: precondition.followUp } : {}),
      });
    }
    steps.push({
      title: 'What the fragment carried (tokens decoded, never shown whole)',
      response: {
        kind: 'message',
        origin: env.settings.spaOrigin,
        body: await redactForDisplay(fields),
      },
      observations: [
        {
          label: 'refresh_token in the fragment',
          value: 'refresh_token' in fields ? 'present — against the rule' : 'absent',
          flag: 'refresh_token' in fields ? 'bad' : 'ok',
        },
        { label: 'access_token', value: 'access_token' in fields ? 'present' : 'absent' },
        { label: 'id_token', value: 'id_token' in fields ? 'present' : 'absent' },
      ],
    });
    const hasRefresh = 'refresh_token' in fields;
    return record.finish({
      steps,
      outcome: hasRefresh
        ? outcome(
            'contradicted',
            'refresh_token_issued',
            'A refresh token came back in the fragment.',
          )
        : outcome(
            'confirmed',
            'no_refresh_token',
            `Tokens in the fragment (${Object.keys(fields)
              .filter((name) => name.endsWith('token'))
              .join(', ')}), no refresh_token.`,
          ),
      explanation,
    });
  },
};
