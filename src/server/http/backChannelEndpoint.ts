import type { Context, Hono } from 'hono';
import type { Domain } from '../domain/domain.ts';
import { isOAuthError } from '../domain/oauthError.ts';
import type { RequestParameters } from '../domain/requestParameters.ts';
import { clientIpOf } from './clientIp.ts';
import { issuerOf } from './issuerOf.ts';
import { methodNotAllowed } from './methodNotAllowed.ts';
import { nodeRequestHeader } from './nodeRequestHeader.ts';
import { bodyParameters } from './readParams.ts';
import { oauthErrorJsonResponse } from './renderOAuthError.ts';
import { NO_STORE_HEADERS, setContextHeaders } from './securityHeaders.ts';
import { webOriginCorsHeaders, webOriginPreflight } from './webOriginCors.ts';

/** What a back-channel endpoint's domain function gets from the HTTP request. */
export interface BackChannelRequest {
  params: RequestParameters;
  authorization: string | undefined;
  issuer: string;
  /** The Origin header: set by browsers on cross-origin requests, never by native apps. */
  origin: string | undefined;
  clientIp: string;
  /** The DPoP header (RFC 9449 §4.1): a proof JWT. */
  dpop: string | undefined;
}

export interface BackChannelEndpoint {
  path: string;
  /** For the 405 answer: "The token endpoint only accepts POST". */
  name: string;
  /** Browser apps call it: CORS for registered web origins (webOriginCors). */
  cors?: boolean;
  /** Headers every answer carries (e.g. the token endpoint's current `DPoP-Nonce`). */
  answerHeaders?: () => Readonly<Record<string, string>>;
}

const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});
const JSON_HEADERS = Object.freeze({ 'Content-Type': 'application/json', ...NO_STORE_HEADERS });

/**
 * A back-channel OAuth endpoint (token, revocation, device authorization, delegation): POST
 * with a form or JSON body, a JSON answer (or an empty 200 when the handler returns nothing)
 * that is never cached, errors in the RFC 6749 §5.2 shape, 405 for any other method.
 *
 * The answer is built with one plain header object, not through `c.header`: @hono/node-server
 * writes such a response's headers as they are, where `c.header` builds a web `Headers` per
 * request and the server then copies it back out; on the token endpoint that was a fair share
 * of what a request costs besides its signature.
 */
export function backChannelEndpoint(
  app: Hono,
  domain: Domain,
  endpoint: BackChannelEndpoint,
  handle: (request: BackChannelRequest) => unknown,
): void {
  const corsHeaders = (c: Context) =>
    endpoint.cors ? webOriginCorsHeaders(c, domain.registry) : NO_HEADERS;
  app.post(endpoint.path, async (c) => {
    const cors = endpoint.answerHeaders
      ? { ...corsHeaders(c), ...endpoint.answerHeaders() }
      : corsHeaders(c);
    try {
      const response = await handle({
        params: await bodyParameters(c),
        authorization: nodeRequestHeader(c, 'authorization'),
        issuer: issuerOf(c, domain),
        origin: nodeRequestHeader(c, 'origin'),
        clientIp: clientIpOf(c),
        dpop: nodeRequestHeader(c, 'dpop'),
      });
      return response === undefined
        ? new Response(null, { status: 200, headers: { ...NO_STORE_HEADERS, ...cors } })
        : new Response(JSON.stringify(response), {
            status: 200,
            headers: { ...JSON_HEADERS, ...cors },
          });
    } catch (error) {
      if (isOAuthError(error)) return oauthErrorJsonResponse(error, cors);
      // The server's error handler answers through the context: the CORS headers go there.
      setContextHeaders(c, cors);
      throw error;
    }
  });
  if (endpoint.cors) app.options(endpoint.path, (c) => webOriginPreflight(c, domain.registry));
  app.all(endpoint.path, (c) => {
    setContextHeaders(c, corsHeaders(c));
    return methodNotAllowed(c, endpoint.name);
  });
}
