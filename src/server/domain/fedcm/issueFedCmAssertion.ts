import type { ClientConfig } from '../../config.ts';
import { checkAudience } from '../authorization/checkAudience.ts';
import { checkPkce } from '../authorization/checkPkce.ts';
import { checkScope } from '../authorization/checkScope.ts';
import { issueCode } from '../authorization/issueCode.ts';
import type { Domain } from '../domain.ts';
import { needsConsent, recordConsent } from '../grants.ts';
import { invalidRequest, OAuthError } from '../oauthError.ts';
import { enforceRateLimit } from '../rateLimits.ts';
import { isRegisteredRedirectUri } from '../redirectUri.ts';
import { param, type RequestParameters, requestParameters } from '../requestParameters.ts';
import { runRules } from '../rules.ts';
import { findActiveSession } from '../sessions.ts';
import { noFedCmAccount } from './listFedCmAccounts.ts';

export interface FedCmAssertionInput {
  /** The client whose registered origin sent the request (checkFedCmClient, checkFedCmOrigin). */
  client: ClientConfig;
  /** The browser's form: client_id, account_id, is_auto_selected, params, (deprecated) nonce. */
  form: RequestParameters;
  issuer: string;
  sessionCookie: string | undefined;
}

/**
 * The relying party's `params` arrive as one JSON string (Chromium serialises the object given to
 * `navigator.credentials.get`); read as request parameters so the authorization endpoint's own
 * steps check them.
 */
function providerParams(form: RequestParameters): RequestParameters {
  const raw = param(form, 'params');
  if (raw === undefined) return requestParameters([]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw invalidRequest('params must be a JSON object');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalidRequest('params must be a JSON object');
  }
  return requestParameters(
    Object.entries(parsed).map(([name, value]) => {
      if (typeof value !== 'string') throw invalidRequest(`params.${name} must be a string`);
      return [name, value] as const;
    }),
  );
}

/**
 * A client library that always sends `redirect_uri` with its code exchange (oidc-client-ts does)
 * may name one in `params`: a registered one, which the code is then bound to like any other.
 * Without it the exchange must send none.
 */
function checkFedCmRedirectUri(
  client: ClientConfig,
  params: RequestParameters,
): string | undefined {
  const redirectUri = param(params, 'redirect_uri');
  if (redirectUri === undefined || isRegisteredRedirectUri(client, redirectUri)) return redirectUri;
  throw invalidRequest(`params.redirect_uri is not registered for client ${client.clientId}`);
}

/**
 * The ID assertion endpoint, OAuth profile: the assertion is an authorization code bound to the
 * client, the nonce and an S256 PKCE challenge, exchanged at /oauth/token like any other. So
 * FedCM keeps the one token path: the same refresh token policy (none for a SPA), rate limits,
 * code replay detection and sender binding as the redirect flow.
 *
 * The signed-in user must be the account the browser chose; a third-party client the user has
 * not consented to is refused (FedCM's dialog discloses identity, not API scopes).
 */
export async function issueFedCmAssertion(
  domain: Domain,
  { client, form, issuer, sessionCookie }: FedCmAssertionInput,
): Promise<{ token: string }> {
  const session = findActiveSession(domain, sessionCookie);
  if (!session) throw noFedCmAccount();
  if (param(form, 'account_id') !== session.sub) {
    throw new OAuthError('access_denied', 'The account chosen is not the one signed in');
  }
  const limits = domain.rateLimits.current();
  enforceRateLimit(
    domain,
    `fedcm:${client.clientId}`,
    limits.client,
    `for FedCM client ${client.clientId}`,
  );

  const params = providerParams(form);
  // Chromium moved the nonce into params; a top-level one is the deprecated form.
  const nonce = param(params, 'nonce') ?? param(form, 'nonce');
  if (nonce === undefined) throw invalidRequest('A nonce is required (params.nonce)');
  const pkce = checkPkce(client, params, 'code');
  if (pkce.codeChallenge === undefined) {
    throw invalidRequest('params.code_challenge is required (PKCE with S256)');
  }
  const redirectUri = checkFedCmRedirectUri(client, params);
  const api = checkAudience(domain.registry, params);
  const scope = checkScope(params, api);
  if (needsConsent(domain, client, session.sub, scope)) {
    throw new OAuthError(
      'consent_required',
      `${client.name} needs the user's consent, given on the sign-in page, before FedCM`,
    );
  }

  const claims = await runRules(domain, {
    protocol: 'fedcm',
    client,
    user: domain.registry.userById(session.sub),
    scope,
    audience: api?.identifier,
  });
  const code = issueCode(
    domain,
    {
      issuer,
      clientId: client.clientId,
      scope,
      audience: api?.identifier,
      nonce,
      ...pkce,
      prompt: [],
      ...(redirectUri === undefined ? {} : { redirectUri }),
    },
    session,
    claims,
  );
  // The user chose the account in the browser's dialog (or came back to it): the client is
  // now approved, which the accounts list tells the browser.
  recordConsent(domain, session.sub, client.clientId, scope);
  domain.events.record({
    type: 'fedcm_assertion',
    clientId: client.clientId,
    userId: session.sub,
    autoSelected: param(form, 'is_auto_selected') === 'true',
  });
  return { token: code };
}
