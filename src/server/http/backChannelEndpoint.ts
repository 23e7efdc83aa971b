import type { Hono } from 'hono';
import type { Domain } from '../domain/domain.ts';
import { isOAuthError } from '../domain/oauthError.ts';
import type { RequestParameters } from '../domain/requestParameters.ts';
import { clientIpOf } from './clientIp.ts';
import { issuerOf } from './issuerOf.ts';
import { methodNotAllowed } from './methodNotAllowed.ts';
import { bodyParameters } from './readParams.ts';
import { renderOAuthErrorJson } from './renderOAuthError.ts';
import { setNoStore } from './securityHeaders.ts';

/** What a back-channel endpoint's domain function gets from the HTTP request. */
export interface BackChannelRequest {
  params: RequestParameters;
  authorization: string | undefined;
  issuer: string;
  /** The Origin header: set by browsers on cross-origin requests, never by native apps. */
  origin: string | undefined;
  clientIp: string;
}

/**
 * A back-channel OAuth endpoint (token, revocation, device authorization, delegation): POST
 * with a form or JSON body, a JSON answer (or an empty 200 when the handler returns nothing)
 * that is never cached, errors in the RFC 6749 §5.2 shape, 405 for any other method.
 */
export function backChannelEndpoint(
  app: Hono,
  domain: Domain,
  endpoint: { path: string; name: string },
  handle: (request: BackChannelRequest) => unknown,
): void {
  app.post(endpoint.path, async (c) => {
    try {
      const response = await handle({
        params: await bodyParameters(c),
        authorization: c.req.header('authorization'),
        issuer: issuerOf(c, domain),
        origin: c.req.header('origin'),
        clientIp: clientIpOf(c),
      });
      setNoStore(c);
      return response === undefined ? c.body(null, 200) : c.json(response);
    } catch (error) {
      if (isOAuthError(error)) return renderOAuthErrorJson(c, error);
      throw error;
    }
  });
  app.all(endpoint.path, (c) => methodNotAllowed(c, endpoint.name));
}
