import { type AuthFailure, failureFromOAuthError } from '../auth/authFailure.ts';
import type { FrameTransportName } from '../auth/clientSettings.ts';
import {
  type CookieProbeResult,
  cookieProbeAnswer,
  diagnoseLoginRequired,
} from '../auth/cookieProbe.ts';
import { createHiddenFrame, HiddenFrame } from '../auth/hiddenFrame.ts';
import { iframeRedirectTransport } from '../auth/iframeRedirectTransport.ts';
import type { SilentTransport } from '../auth/silentTransport.ts';
import type { StorageAccessStatus } from '../auth/storageAccessStatus.ts';
import { webMessageTransport } from '../auth/webMessageTransport.ts';
import { issuerFor } from '../protocol/defaults.ts';
import {
  COOKIE_PROBE_PATH,
  type CookieProbeMessage,
  type StorageAccessReport,
} from '../protocol/oauth.ts';
import { DECIDED_BY_WORDS, describeFailure, outcome } from './experiment.ts';
import { openFrameHost, runHiddenFrameRequest, unansweredFailure } from './hiddenFrameRequest.ts';
import { endpointOf, type LabEnvironment } from './labEnvironment.ts';
import type { FollowUp, LabOutcome, LabRenewalMark, LabStep } from './labRecord.ts';
import { randomValue, s256Challenge } from './pkce.ts';
import { redactForDisplay, redactUrl } from './redactForDisplay.ts';
import { sendRecorded } from './sendRecorded.ts';

/** The error of an authorization response (RFC 6749 §4.1.2.1), if it carries one. */
export function failureFromResponse(params: URLSearchParams): AuthFailure | null {
  const error = params.get('error');
  return error ? failureFromOAuthError(error, params.get('error_description')) : null;
}

/** The answer's parameters: the query, or the fragment for the implicit flow. */
export function responseParams(callbackUrl: string): URLSearchParams {
  const url = new URL(callbackUrl);
  return new URLSearchParams(url.hash ? url.hash.slice(1) : url.search);
}

export function transportFor(
  name: FrameTransportName,
  settings: { spaOrigin: string; silentRedirectUri: string; authority: string },
): SilentTransport {
  return name === 'web_message' ? webMessageTransport(settings) : iframeRedirectTransport(settings);
}

export interface SilentFlowOptions {
  /** Prefix of the step titles, e.g. the transport's name. */
  label: string;
  transport: FrameTransportName;
  authority?: string;
  clientId?: string;
  scope?: string;
  /** On login_required, ask the cookie probe whether the frame got the server's cookies. */
  diagnose?: boolean;
}

export interface SilentFlowResult {
  steps: LabStep[];
  /** The token response (unredacted, for the experiment's checks), when the flow got one. */
  tokenResponse: Record<string, unknown> | null;
  failure: AuthFailure | null;
  /** From opening the frame to the tokens or to the diagnosis. */
  durationMs: number;
  mark: LabRenewalMark;
}

/**
 * One silent sign-in the way the app renews, made step by step so each can be shown: a
 * prompt=none authorization request (code + PKCE) in a hidden iframe, the answer through the
 * chosen transport, then the code exchange at the token endpoint. The tokens are for the
 * experiment only: the app's session never sees them.
 */
export async function runSilentCodeFlow(
  env: LabEnvironment,
  { label, transport: transportName, diagnose = false, ...options }: SilentFlowOptions,
): Promise<SilentFlowResult> {
  const { settings, now } = env;
  const authority = options.authority ?? settings.authority;
  const clientId = options.clientId ?? settings.clientId;
  const transport = transportFor(transportName, { ...settings, authority });
  const state = randomValue(16);
  const verifier = randomValue(32);
  const query = new URLSearchParams({
    client_id: clientId,
    redirect_uri: settings.silentRedirectUri,
    response_type: 'code',
    scope: options.scope ?? settings.scope,
    audience: settings.audience,
    state,
    nonce: randomValue(16),
    code_challenge: await s256Challenge(verifier),
    code_challenge_method: 'S256',
    prompt: 'none',
    ...transport.authorizeParams,
  });
  const authorizeUrl = `${endpointOf(authority, 'authorize')}?${query}`;
  const startedAt = now();
  const steps: LabStep[] = [];
  const mark = (failure: AuthFailure | null): LabRenewalMark => ({
    at: startedAt,
    transport: transportName,
    durationMs: now() - startedAt,
    ok: failure === null,
    ...(failure ? { reason: failure.reason } : {}),
    label,
  });

  const answer = await runHiddenFrameRequest(env, {
    url: authorizeUrl,
    state,
    transport,
    authority,
    timeoutMs: settings.silentTimeoutSeconds * 1000,
  });
  const frameStep: LabStep = {
    title: `${label}: prompt=none authorization request in a hidden iframe`,
    request: { method: 'GET', url: await redactUrl(authorizeUrl), via: 'hidden iframe' },
    durationMs: answer.durationMs,
  };
  steps.push(frameStep);
  if (answer.decidedBy !== 'message') {
    frameStep.response = {
      kind: 'none',
      note: answer.failure.description ?? answer.failure.reason,
    };
    const failure = unansweredFailure(answer);
    return {
      steps,
      tokenResponse: null,
      failure,
      durationMs: now() - startedAt,
      mark: mark(failure),
    };
  }
  frameStep.response = {
    kind: 'message',
    origin: answer.message.origin,
    body: await redactForDisplay(answer.message.data),
  };

  const params = responseParams(answer.answer);
  let failure = failureFromResponse(params);
  if (failure) {
    if (diagnose && failure.reason === 'login_required') {
      const { step, probe } = await probeCookies(env, authority);
      steps.push(step);
      failure = await diagnoseLoginRequired(failure, async () => probe);
    }
    return {
      steps,
      tokenResponse: null,
      failure,
      durationMs: now() - startedAt,
      mark: mark(failure),
    };
  }

  const exchange = await sendRecorded(
    {
      title: `${label}: code exchange at the token endpoint (PKCE)`,
      url: endpointOf(authority, 'oauth/token'),
      form: {
        grant_type: 'authorization_code',
        client_id: clientId,
        code: params.get('code') ?? '',
        redirect_uri: settings.silentRedirectUri,
        code_verifier: verifier,
      },
    },
    env,
  );
  steps.push(exchange.step);
  const body = (exchange.body ?? {}) as Record<string, unknown>;
  if (exchange.status !== 200 || typeof body.access_token !== 'string') {
    const failed: AuthFailure =
      exchange.status === null
        ? {
            reason: 'network_error',
            error: null,
            description: 'The token endpoint gave no readable answer',
          }
        : typeof body.error === 'string'
          ? failureFromOAuthError(
              body.error,
              typeof body.error_description === 'string' ? body.error_description : null,
            )
          : {
              reason: exchange.status >= 500 ? 'server_error' : 'invalid_response',
              error: null,
              description: `The token endpoint answered ${exchange.status} without an OAuth error`,
            };
    return {
      steps,
      tokenResponse: null,
      failure: failed,
      durationMs: now() - startedAt,
      mark: mark(failed),
    };
  }
  return {
    steps,
    tokenResponse: body,
    failure: null,
    durationMs: now() - startedAt,
    mark: mark(null),
  };
}

/**
 * The verdict of an experiment that rides on the session at the server and could not use it:
 * no session (sign in first), or the browser kept the server's cookies out of the hidden frame
 * (cross-site; the cookie probe's evidence is among the steps). Null for any other failure.
 */
export function sessionPrecondition(
  failure: AuthFailure | null,
): { outcome: LabOutcome; followUp: FollowUp } | null {
  if (failure?.reason === 'login_required') {
    return {
      outcome: outcome(
        'precondition',
        'login_required',
        'The server has no session for this browser: sign in first, then run it again.',
        failure.decidedBy,
      ),
      followUp: {
        kind: 'sign-in-again',
        text: 'The experiment rides on your session at the server.',
      },
    };
  }
  if (failure?.reason === 'third_party_cookies_blocked') {
    const access = failure.storageAccess ? STORAGE_ACCESS_WORDS[failure.storageAccess] : 'unknown';
    return {
      outcome: outcome(
        'precondition',
        'third_party_cookies_blocked',
        `The browser kept the server's cookies out of the hidden frame (third-party cookies; storage access: ${access}), so the server saw no session. Allow storage access where the app offers it, or use the localhost host, then run it again.`,
        failure.decidedBy,
      ),
      followUp: {
        kind: 'top-level-sign-in',
        text: 'A full-page sign-in works at this host, but hidden frames need the storage access grant (or a same-site server).',
      },
    };
  }
  return null;
}

/** The cookie probe's storage access finding, as the lab shows it. */
export const STORAGE_ACCESS_WORDS: Record<StorageAccessStatus, string> = {
  active:
    'active: the cookie came through a grant (Sec-Fetch-Storage-Access: active, after our retry)',
  granted_not_active: 'granted, but the cookie stayed out of the frame',
  grantable: 'not granted; this browser can ask you (Storage Access API)',
  denied: 'refused by the browser for this site',
  no_api: 'no Storage Access API to ask with',
  not_needed: 'not needed: the cookie reaches the frame anyway (same site)',
};

/**
 * The server's cookie probe in a hidden frame (the app's diagnosis of login_required): did the
 * browser let the server's cookies into a frame on this page? Run with the auth core's own
 * answer checks; the page's message is kept whole (`report`: the storage access headers the
 * probe's requests came with), as the evidence the lab shows.
 */
export async function probeCookies(
  env: LabEnvironment,
  authority: string,
): Promise<{ step: LabStep; probe: CookieProbeResult | null; report: StorageAccessReport | null }> {
  const url = `${issuerFor(authority)}${COOKIE_PROBE_PATH.replace(/^\//, '')}?origin=${encodeURIComponent(env.settings.spaOrigin)}`;
  const startedAt = env.now();
  const host = openFrameHost(env.document);
  const outcome = await new HiddenFrame<CookieProbeResult>({
    timeoutMs: 5_000,
    listenOn: host.window,
    frames: {
      take: () => createHiddenFrame(host.document, 'Cookie probe'),
      discard: (used) => used.remove(),
    },
  })
    .navigate(url, cookieProbeAnswer(authority))
    .finally(() => host.remove());
  const probe = outcome.decidedBy === 'message' ? outcome.answer : null;
  const data =
    outcome.decidedBy === 'message' ? (outcome.message.data as CookieProbeMessage) : null;
  const report = data?.storageAccess ?? null;
  return {
    probe,
    report,
    step: {
      title: 'Diagnosis: the cookie probe in a hidden iframe',
      request: { method: 'GET', url, via: 'hidden iframe' },
      response:
        data === null
          ? { kind: 'none', note: 'The probe did not answer in time' }
          : { kind: 'message', origin: new URL(authority).origin, body: data },
      observations:
        probe === null
          ? []
          : [
              {
                label: 'server cookie in the frame',
                value: probe.cookies ? 'yes' : 'no (blocked)',
                flag: probe.cookies ? 'ok' : 'bad',
              },
              { label: 'storage access', value: STORAGE_ACCESS_WORDS[probe.storageAccess] },
            ],
      durationMs: env.now() - startedAt,
    },
  };
}

/**
 * The verdict of an experiment that expects a silent flow to fail with `expected`: confirmed on
 * that cause alone, whatever the time (the time and what decided it are reported, never judged).
 * Adds the flow's "Diagnosis" step.
 */
export function judgeDiagnosis(
  flow: SilentFlowResult,
  expected: AuthFailure['reason'],
  words: { confirmed: (how: string) => string; otherwise?: string },
): LabOutcome {
  const reason = flow.failure?.reason ?? 'renewed';
  const decidedBy = flow.failure?.decidedBy;
  const how = decidedBy ? (DECIDED_BY_WORDS[decidedBy] ?? decidedBy) : 'nothing';
  const got = flow.failure ? describeFailure(flow.failure) : 'renewed';
  flow.steps.push({
    title: 'Diagnosis',
    observations: [
      { label: 'reason', value: got, flag: reason === expected ? 'ok' : 'bad' },
      { label: 'decided by', value: how },
      { label: 'time to the diagnosis', value: `${flow.durationMs} ms` },
    ],
  });
  return reason === expected
    ? outcome('confirmed', expected, words.confirmed(how), decidedBy)
    : outcome(
        'contradicted',
        reason,
        `Expected ${expected}, got ${flow.failure ? got : 'fresh tokens'}${words.otherwise ?? ''}.`,
        decidedBy,
      );
}
