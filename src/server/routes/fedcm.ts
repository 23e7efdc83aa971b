import { type Context, Hono } from 'hono';
import {
  FEDCM_ACCOUNTS_PATH,
  FEDCM_ASSERTION_PATH,
  FEDCM_CLIENT_METADATA_PATH,
  FEDCM_CONFIG_PATH,
  FEDCM_DISCONNECT_PATH,
  FEDCM_WELL_KNOWN_PATH,
} from '../../protocol/fedcm.ts';
import type { ClientConfig } from '../config.ts';
import type { Domain } from '../domain/domain.ts';
import {
  checkFedCmClient,
  checkFedCmEnabled,
  checkFedCmOrigin,
  checkWebIdentityFetch,
} from '../domain/fedcm/checkFedCmCaller.ts';
import { disconnectFedCm } from '../domain/fedcm/disconnectFedCm.ts';
import { fedCmConfigDocument, fedCmWellKnownDocument } from '../domain/fedcm/fedCmDocuments.ts';
import { issueFedCmAssertion } from '../domain/fedcm/issueFedCmAssertion.ts';
import { listFedCmAccounts } from '../domain/fedcm/listFedCmAccounts.ts';
import { isOAuthError, type OAuthError } from '../domain/oauthError.ts';
import { param, type RequestParameters } from '../domain/requestParameters.ts';
import { readFramedSessionCookie, setLoginStatus } from '../http/cookies.ts';
import { renderFedCmError, setFedCmCors } from '../http/fedCmAnswers.ts';
import { issuerOf } from '../http/issuerOf.ts';
import { bodyParameters } from '../http/readParams.ts';
import { renderOAuthErrorJson } from '../http/renderOAuthError.ts';
import { setNoStore } from '../http/securityHeaders.ts';

const secFetchDest = (c: Context) => c.req.header('sec-fetch-dest');

/** Runs `answer`; a refusal is the OAuth JSON error (the caller is not trusted yet: no CORS). */
function answerJson(c: Context, answer: () => unknown): Response {
  try {
    const body = answer();
    setNoStore(c);
    return c.json(body as object);
  } catch (error) {
    if (isOAuthError(error)) return renderOAuthErrorJson(c, error);
    throw error;
  }
}

/**
 * A credentialed FedCM POST from a relying party: the browser's own request, from a registered
 * web origin of the client it names. Refusals up to there are OAuth JSON without CORS; after,
 * the answer is readable by that origin and errors are in FedCM's shape, which Chromium hands
 * to the page as `IdentityCredentialError.error` (measured: with a 4xx/5xx status too), so the
 * app can tell "FedCM off for this client" or "no session" from a network failure.
 */
async function relyingPartyPost(
  c: Context,
  domain: Domain,
  answer: (client: ClientConfig, form: RequestParameters) => unknown,
): Promise<Response> {
  const form = await bodyParameters(c);
  let client: ClientConfig;
  try {
    checkWebIdentityFetch(secFetchDest(c));
    client = checkFedCmClient(domain.registry, param(form, 'client_id'));
    setFedCmCors(c, checkFedCmOrigin(client, c.req.header('origin')));
  } catch (error) {
    if (isOAuthError(error)) return renderOAuthErrorJson(c, error);
    throw error;
  }
  try {
    checkFedCmEnabled(client);
    const body = await answer(client, form);
    setNoStore(c);
    return c.json(body as object);
  } catch (error) {
    if (!isOAuthError(error)) throw error;
    recordRefusal(domain, c.req.path, client, error);
    return renderFedCmError(c, error);
  }
}

/** FedCM's error shape is not the request log's `{error: string}`: the timeline entry is ours. */
function recordRefusal(domain: Domain, endpoint: string, client: ClientConfig, error: OAuthError) {
  domain.events.record({
    type: 'error',
    endpoint,
    error: error.error,
    description: error.description,
    status: error.status,
    clientId: client.clientId,
  });
}

/**
 * The server as a FedCM identity provider (https://w3c-fedid.github.io/FedCM/): the well-known
 * file and config (public documents), then the browser's credentialed requests, each refused
 * unless it is the browser's own FedCM fetch (Sec-Fetch-Dest: webidentity).
 */
export function fedcmRoutes(domain: Domain): Hono {
  const app = new Hono();

  app.get(FEDCM_WELL_KNOWN_PATH, (c) =>
    answerJson(c, () => fedCmWellKnownDocument(issuerOf(c, domain))),
  );
  app.get(FEDCM_CONFIG_PATH, (c) => answerJson(c, () => fedCmConfigDocument(issuerOf(c, domain))));

  app.get(FEDCM_ACCOUNTS_PATH, (c) => {
    const sessionCookie = readFramedSessionCookie(c);
    return answerJson(c, () => {
      checkWebIdentityFetch(secFetchDest(c));
      try {
        return listFedCmAccounts(domain, sessionCookie);
      } catch (error) {
        // What the browser believes should match what we know: nobody is signed in here.
        setLoginStatus(c, 'logged-out');
        throw error;
      }
    });
  });

  // The relying party's privacy policy and terms; this lab registers none, so an empty object.
  app.get(FEDCM_CLIENT_METADATA_PATH, (c) =>
    answerJson(c, () => {
      checkWebIdentityFetch(secFetchDest(c));
      checkFedCmEnabled(checkFedCmClient(domain.registry, c.req.query('client_id')));
      return {};
    }),
  );

  app.post(FEDCM_ASSERTION_PATH, (c) =>
    relyingPartyPost(c, domain, (client, form) =>
      issueFedCmAssertion(domain, {
        client,
        form,
        issuer: issuerOf(c, domain),
        sessionCookie: readFramedSessionCookie(c),
      }),
    ),
  );

  app.post(FEDCM_DISCONNECT_PATH, (c) =>
    relyingPartyPost(c, domain, (client, form) =>
      disconnectFedCm(domain, client, param(form, 'account_hint'), readFramedSessionCookie(c)),
    ),
  );
  return app;
}
