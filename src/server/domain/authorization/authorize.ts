import type { ResponseMode } from '../../../protocol/oauth.ts';
import type { ClientConfig } from '../../config.ts';
import type {
  AuthorizationRequest,
  InteractionRecord,
  SessionRecord,
} from '../../store/records.ts';
import type { Domain } from '../domain.ts';
import { frameAncestorsFor } from '../framing.ts';
import { isOAuthError, OAuthError } from '../oauthError.ts';
import type { RequestParameters } from '../requestParameters.ts';
import { runRules } from '../rules.ts';
import { findActiveSession } from '../sessions.ts';
import { checkAudience } from './checkAudience.ts';
import { checkClient } from './checkClient.ts';
import { checkDpopJkt } from './checkDpopJkt.ts';
import { checkIdTokenHint } from './checkIdTokenHint.ts';
import { checkIdTokenRequest } from './checkIdTokenRequest.ts';
import { checkPkce } from './checkPkce.ts';
import { checkPrompt } from './checkPrompt.ts';
import { checkRedirectUri } from './checkRedirectUri.ts';
import { checkRepeatedParameters } from './checkRepeatedParameters.ts';
import { checkResponseMode, defaultResponseModeFor } from './checkResponseMode.ts';
import { checkResponseType, isImplicitResponseType } from './checkResponseType.ts';
import { checkScope } from './checkScope.ts';
import { createInteraction, findLiveInteraction, isInteractionBrowser } from './interactions.ts';
import { issueCode } from './issueCode.ts';
import { issueImplicitTokens } from './issueImplicitTokens.ts';
import { type InteractionKind, resolveInteraction } from './resolveInteraction.ts';

/** Where and how an authorization response (success or error) is delivered. */
export interface ResponseTarget {
  clientId: string;
  redirectUri: string;
  responseMode: ResponseMode;
  /** CSP frame-ancestors for the answer: the client's web origins, or 'none'. */
  frameAncestors: string;
}

export type AuthorizationOutcome =
  /** Client or redirect URI not trusted: the server shows the error itself, never redirects. */
  | { type: 'error_page'; error: OAuthError }
  /** Send `params` (a code, or an error) to the client. */
  | {
      type: 'respond';
      target: ResponseTarget;
      params: Record<string, string>;
      /** Set when an interaction finished (its cookie can go). */
      finishedInteraction?: InteractionRecord;
    }
  /** The user must log in or consent first. */
  | {
      type: 'interact';
      kind: InteractionKind;
      interaction: InteractionRecord;
      target: ResponseTarget;
      /** True when the interaction was just created (its cookie must be set). */
      created: boolean;
    };

export interface AuthorizationInput {
  params: RequestParameters;
  issuer: string;
  sessionCookie: string | undefined;
  /** An error the control API forces: answered once the client and redirect URI are trusted. */
  forcedError?: OAuthError;
}

/** RFC 6749 §4.1.2 and §4.1.2.1, plus `iss` (RFC 9207) so a client can tell issuers apart. */
const responseParams = (
  request: Pick<AuthorizationRequest, 'state' | 'issuer'>,
  result: Record<string, string>,
): Record<string, string> => ({
  ...result,
  ...(request.state === undefined ? {} : { state: request.state }),
  iss: request.issuer,
});

const errorParams = (error: OAuthError) => ({
  error: error.error,
  error_description: error.description,
});

function targetFor(client: ClientConfig, request: AuthorizationRequest): ResponseTarget {
  return {
    clientId: client.clientId,
    redirectUri: request.redirectUri,
    responseMode: request.responseMode,
    frameAncestors: frameAncestorsFor(client),
  };
}

/**
 * Step 12: the rules run (Auth0's `oidc-basic-profile` / `oidc-implicit-profile`), then the code,
 * or the implicit flow's tokens.
 */
async function issueAuthorizationResult(
  domain: Domain,
  request: AuthorizationRequest,
  client: ClientConfig,
  session: SessionRecord,
): Promise<Record<string, string>> {
  const implicit = isImplicitResponseType(request.responseType);
  const claims = await runRules(domain, {
    protocol: implicit ? 'oidc-implicit-profile' : 'oidc-basic-profile',
    client,
    user: domain.registry.userById(session.sub),
    scope: request.scope,
    audience: request.audience,
  });
  if (!implicit) return { code: issueCode(domain, request, session, claims) };
  const tokens = issueImplicitTokens(domain, request, client, session, claims);
  domain.events.record({
    type: 'tokens_issued',
    grantType: 'implicit',
    clientId: client.clientId,
    scope: request.scope.join(' '),
    refreshToken: false,
  });
  return tokens;
}

/** Steps 11–12: session and prompt handling, then the code or tokens. */
async function proceed(
  domain: Domain,
  request: AuthorizationRequest,
  client: ClientConfig,
  sessionCookie: string | undefined,
  interaction: InteractionRecord | undefined,
): Promise<AuthorizationOutcome> {
  const target = targetFor(client, request);
  const session = findActiveSession(domain, sessionCookie);
  const resolution = resolveInteraction(domain, request, client, session, interaction);
  if (resolution.kind === 'ready') {
    const result = await issueAuthorizationResult(domain, request, client, resolution.session);
    if (interaction) domain.store.deleteInteraction(interaction.id);
    if (request.prompt.includes('none')) {
      domain.events.record({
        type: 'silent_renewal',
        clientId: client.clientId,
        userId: resolution.session.sub,
        responseType: request.responseType,
      });
    }
    return {
      type: 'respond',
      target,
      params: responseParams(request, result),
      ...(interaction ? { finishedInteraction: interaction } : {}),
    };
  }
  return {
    type: 'interact',
    kind: resolution.kind,
    interaction: interaction ?? createInteraction(domain, request),
    target,
    created: interaction === undefined,
  };
}

/**
 * GET/POST /authorize as a pipeline of protocol steps, one file each. Until the client and its
 * redirect URI are trusted, errors go to an error page; after that, to the redirect URI in the
 * requested response mode.
 */
export async function startAuthorization(
  domain: Domain,
  { params, issuer, sessionCookie, forcedError }: AuthorizationInput,
): Promise<AuthorizationOutcome> {
  let client: ClientConfig;
  let redirectUri: string;
  try {
    client = checkClient(domain.registry, params);
    redirectUri = checkRedirectUri(client, params);
  } catch (error) {
    if (isOAuthError(error)) return { type: 'error_page', error };
    throw error;
  }
  const state = params.values.state;
  let responseMode = defaultResponseModeFor(params);
  try {
    checkRepeatedParameters(params);
    responseMode = checkResponseMode(params, redirectUri);
    if (forcedError) throw forcedError;
    const responseType = checkResponseType(client, params);
    const pkce = checkPkce(client, params, responseType);
    const dpop = checkDpopJkt(client, params, responseType);
    const api = checkAudience(domain.registry, params);
    const scope = checkScope(params, api);
    checkIdTokenRequest(params, responseType, scope);
    const { prompt, maxAge } = checkPrompt(params);
    const idTokenHintSub = checkIdTokenHint(domain, params, client);
    const request: AuthorizationRequest = {
      issuer,
      clientId: client.clientId,
      redirectUri,
      responseType,
      responseMode,
      state,
      nonce: params.values.nonce,
      scope,
      audience: api?.identifier,
      ...pkce,
      ...dpop,
      prompt,
      maxAge,
      idTokenHintSub,
      ...(params.values.device === undefined ? {} : { device: params.values.device }),
    };
    return await proceed(domain, request, client, sessionCookie, undefined);
  } catch (error) {
    if (!isOAuthError(error)) throw error;
    return {
      type: 'respond',
      target: {
        clientId: client.clientId,
        redirectUri,
        responseMode,
        frameAncestors: frameAncestorsFor(client),
      },
      params: responseParams({ issuer, state }, errorParams(error)),
    };
  }
}

export interface ResumeInput {
  interactionId: string | undefined;
  /** The interaction cookie's value in this browser. */
  browserBinding: string | undefined;
  sessionCookie: string | undefined;
}

/** The transaction is gone (expired, finished) or was never this browser's. */
export const interactionNotFound = (): AuthorizationOutcome => ({
  type: 'error_page',
  error: new OAuthError(
    'invalid_request',
    'This sign-in has expired or was started in another browser; start again from the application',
  ),
});

export type FoundInteraction =
  | { ok: true; interaction: InteractionRecord; client: ClientConfig }
  | { ok: false; outcome: AuthorizationOutcome };

/** The transaction behind a login/consent page, if it is live and belongs to this browser. */
export function findInteractionForBrowser(
  domain: Domain,
  interactionId: string | undefined,
  browserBinding: string | undefined,
): FoundInteraction {
  const interaction = findLiveInteraction(domain, interactionId);
  const client = interaction && domain.registry.client(interaction.request.clientId);
  if (!interaction || !client || !isInteractionBrowser(interaction, browserBinding)) {
    return { ok: false, outcome: interactionNotFound() };
  }
  return { ok: true, interaction, client };
}

/** After the login or consent page: run the session/prompt step again with the stored request. */
export async function continueAuthorization(
  domain: Domain,
  { interactionId, browserBinding, sessionCookie }: ResumeInput,
): Promise<AuthorizationOutcome> {
  const found = findInteractionForBrowser(domain, interactionId, browserBinding);
  if (!found.ok) return found.outcome;
  const { interaction, client } = found;
  try {
    return await proceed(domain, interaction.request, client, sessionCookie, interaction);
  } catch (error) {
    if (!isOAuthError(error)) throw error;
    return denyInteraction(domain, interaction, client, error);
  }
}

/** Ends a transaction with an error for the client (e.g. the user declined consent). */
export function denyInteraction(
  domain: Domain,
  interaction: InteractionRecord,
  client: ClientConfig,
  error: OAuthError,
): AuthorizationOutcome {
  domain.store.deleteInteraction(interaction.id);
  return {
    type: 'respond',
    target: targetFor(client, interaction.request),
    params: responseParams(interaction.request, errorParams(error)),
    finishedInteraction: interaction,
  };
}
