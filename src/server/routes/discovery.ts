import { Hono } from 'hono';
import { DPOP_SIGNING_ALGS } from '../../dpop/verifyDpopProof.ts';
import { OFFLINE_ACCESS_SCOPE, RESPONSE_MODES } from '../../protocol/oauth.ts';
import { PROMPT_VALUES } from '../domain/authorization/checkPrompt.ts';
import { SUPPORTED_RESPONSE_TYPES } from '../domain/authorization/checkResponseType.ts';
import { OIDC_SCOPES } from '../domain/authorization/checkScope.ts';
import type { Domain } from '../domain/domain.ts';
import { endpointsFor } from '../domain/issuer.ts';
import { CODE_CHALLENGE_METHODS } from '../domain/pkce.ts';
import { jwksOf } from '../domain/signingKey.ts';
import { SUPPORTED_GRANT_TYPES } from '../domain/token/handleTokenRequest.ts';
import { issuerOf } from '../http/issuerOf.ts';

/** OpenID Provider Metadata (OIDC Discovery §3) for the issuer the request reached. */
export function discoveryDocument(issuer: string) {
  const endpoints = endpointsFor(issuer);
  return {
    issuer,
    authorization_endpoint: endpoints.authorization,
    token_endpoint: endpoints.token,
    userinfo_endpoint: endpoints.userinfo,
    jwks_uri: endpoints.jwks,
    end_session_endpoint: endpoints.endSession,
    revocation_endpoint: endpoints.revocation,
    device_authorization_endpoint: endpoints.deviceAuthorization,
    scopes_supported: [...OIDC_SCOPES, OFFLINE_ACCESS_SCOPE],
    response_types_supported: [...SUPPORTED_RESPONSE_TYPES],
    response_modes_supported: [...RESPONSE_MODES],
    grant_types_supported: [...SUPPORTED_GRANT_TYPES, 'implicit'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    token_endpoint_auth_methods_supported: ['none', 'client_secret_basic', 'client_secret_post'],
    revocation_endpoint_auth_methods_supported: [
      'none',
      'client_secret_basic',
      'client_secret_post',
    ],
    code_challenge_methods_supported: [...CODE_CHALLENGE_METHODS],
    dpop_signing_alg_values_supported: [...DPOP_SIGNING_ALGS],
    prompt_values_supported: [...PROMPT_VALUES],
    claims_supported: [
      'at_hash',
      'aud',
      'auth_time',
      'azp',
      'email',
      'email_verified',
      'exp',
      'iat',
      'iss',
      'name',
      'nickname',
      'nonce',
      'picture',
      'sid',
      'sub',
    ],
    authorization_response_iss_parameter_supported: true,
    request_parameter_supported: false,
    request_uri_parameter_supported: false,
    claims_parameter_supported: false,
  };
}

export function discoveryRoutes(domain: Domain): Hono {
  const app = new Hono();
  // The issuers are a fixed allow-list, so each document is built once: when first asked for,
  // as most servers a test kit starts are never asked for most of them.
  const documents = new Map<string, string>();
  const documentFor = (issuer: string) => {
    let document = documents.get(issuer);
    if (document === undefined) {
      document = JSON.stringify(discoveryDocument(issuer));
      documents.set(issuer, document);
    }
    return document;
  };
  const jwks = JSON.stringify(jwksOf([domain.signingKey]));
  // Public metadata, read by browser apps on any origin. A plain header object and a string
  // body keep @hono/node-server on its fast path (no Headers, no body stream).
  const answer = (body: string) =>
    new Response(body, {
      status: 200,
      headers: { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*' },
    });
  app.get('/.well-known/openid-configuration', (c) => answer(documentFor(issuerOf(c, domain))));
  app.get('/.well-known/jwks.json', () => answer(jwks));
  return app;
}
