import {
  type AuthFailure,
  classifyAuthFailure,
  failureFromOAuthError,
} from '../auth/authFailure.ts';
import {
  browserFedCmEnvironment,
  type FedCmEnvironment,
  type FedCmMediation,
  requestFedCmCode,
} from '../auth/fedcmCredential.ts';
import { FEDCM_CONFIG_PATH } from '../protocol/fedcm.ts';
import { endpointOf, type LabEnvironment } from './labEnvironment.ts';
import type { LabRenewalMark, LabStep } from './labRecord.ts';
import { randomValue, s256Challenge } from './pkce.ts';
import { redactForDisplay } from './redactForDisplay.ts';
import { sendRecorded } from './sendRecorded.ts';

/**
 * How long the lab waits for FedCM's answer. The account chooser waits for a person; headless
 * Chromium shows it to nobody unless a test automates it (the kit's `auth.fedcm(page)`), and
 * the call would wait forever.
 */
export const FEDCM_ANSWER_LIMIT_MS = 30_000;

export interface FedCmFlowOptions {
  /** Prefix of the step titles. */
  label: string;
  /** The authorization server whose FedCM provider is asked (its config at FEDCM_CONFIG_PATH). */
  authority: string;
  mediation: FedCmMediation;
}

export interface FedCmFlowResult {
  steps: LabStep[];
  /** The token response (unredacted, for the experiment's checks), when the flow got one. */
  tokenResponse: Record<string, unknown> | null;
  failure: AuthFailure | null;
  /** Whether the browser picked the account itself, with no dialog (auto re-authentication). */
  autoSelected: boolean;
  durationMs: number;
  mark: LabRenewalMark;
}

const MEDIATION_WORDS: Record<FedCmMediation, string> = {
  silent: 'silent (no dialog, or nothing)',
  optional: 'optional (no dialog if the browser may re-authenticate, else the account chooser)',
  required: 'required (the account chooser)',
};

/**
 * One FedCM sign-in the way the app's FedCM path makes it, step by step so each can be shown:
 * `navigator.credentials.get({identity})` for a code bound to a PKCE challenge and nonce (the
 * browser itself fetches the accounts with the server's cookie and posts the assertion; the page
 * sees only what it hands back), then the code exchange at the token endpoint. The tokens are
 * for the experiment only: the app's session never sees them.
 */
export async function runFedCmFlow(
  env: LabEnvironment,
  { label, authority, mediation }: FedCmFlowOptions,
  fedcm: FedCmEnvironment = browserFedCmEnvironment(),
): Promise<FedCmFlowResult> {
  const { settings, now } = env;
  const configURL = endpointOf(authority, FEDCM_CONFIG_PATH);
  const verifier = randomValue(32);
  const params = {
    nonce: randomValue(16),
    code_challenge: await s256Challenge(verifier),
    code_challenge_method: 'S256' as const,
    scope: settings.scope,
    audience: settings.audience,
    redirect_uri: settings.silentRedirectUri,
  };
  const startedAt = now();
  const steps: LabStep[] = [];
  const result = (
    failure: AuthFailure | null,
    tokenResponse: Record<string, unknown> | null,
    autoSelected = false,
  ): FedCmFlowResult => ({
    steps,
    tokenResponse,
    failure,
    autoSelected,
    durationMs: now() - startedAt,
    mark: {
      at: startedAt,
      transport: 'fedcm',
      durationMs: now() - startedAt,
      ok: failure === null,
      ...(failure ? { reason: failure.reason } : {}),
      label,
    },
  });

  const step: LabStep = {
    title: `${label}: navigator.credentials.get with mediation ${mediation}`,
    request: {
      method: 'FedCM',
      url: configURL,
      via: 'FedCM',
      body: { mediation, clientId: settings.clientId, params },
    },
  };
  steps.push(step);
  let answer: Awaited<ReturnType<typeof requestFedCmCode>>;
  try {
    answer = await requestFedCmCode(fedcm, {
      configURL,
      clientId: settings.clientId,
      params,
      mediation,
      signal: AbortSignal.timeout(FEDCM_ANSWER_LIMIT_MS),
    });
  } catch (error) {
    const failure = classifyAuthFailure(error);
    step.durationMs = now() - startedAt;
    step.response = { kind: 'none', note: failure.description ?? failure.reason };
    step.observations = [
      { label: 'reason', value: failure.reason, flag: 'bad' },
      { label: 'mediation', value: MEDIATION_WORDS[mediation] },
    ];
    return result(failure, null);
  }
  step.durationMs = now() - startedAt;
  step.response = {
    kind: 'credential',
    body: await redactForDisplay({ token: answer.code, isAutoSelected: answer.autoSelected }),
  };
  step.observations = [
    {
      label: 'accounts request',
      value:
        "carried the server's session cookie: the server lists an account only from the session it reads there, and issued a code for it",
      flag: 'ok',
    },
    {
      label: 'account chosen',
      value: answer.autoSelected
        ? 'by the browser, with no dialog (auto re-authentication)'
        : 'in the account chooser',
      flag: 'info',
    },
  ];

  const exchange = await sendRecorded(
    {
      title: `${label}: code exchange at the token endpoint (PKCE)`,
      url: endpointOf(authority, 'oauth/token'),
      form: {
        grant_type: 'authorization_code',
        client_id: settings.clientId,
        code: answer.code,
        redirect_uri: settings.silentRedirectUri,
        code_verifier: verifier,
      },
    },
    env,
  );
  steps.push(exchange.step);
  const body = (exchange.body ?? {}) as Record<string, unknown>;
  if (exchange.status === 200 && typeof body.access_token === 'string') {
    exchange.step.observations = [
      {
        label: 'refresh_token in the response',
        value: body.refresh_token === undefined ? 'absent' : 'present',
        flag: body.refresh_token === undefined ? 'ok' : 'bad',
      },
    ];
    return result(null, body, answer.autoSelected);
  }
  const failure: AuthFailure =
    typeof body.error === 'string'
      ? failureFromOAuthError(
          body.error,
          typeof body.error_description === 'string' ? body.error_description : null,
        )
      : {
          reason: exchange.status === null ? 'network_error' : 'invalid_response',
          error: null,
          description: `The token endpoint answered ${exchange.status ?? 'nothing the page could read'}`,
        };
  return result(failure, null, answer.autoSelected);
}
