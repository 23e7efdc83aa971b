import type { ClientConfig } from '../../config.ts';
import { invalidRequest } from '../oauthError.ts';
import { param, type RequestParameters } from '../requestParameters.ts';
import { isImplicitResponseType, type ResponseType } from './checkResponseType.ts';

// A base64url SHA-256 digest (RFC 7638 thumbprint): 43 characters, no padding.
const THUMBPRINT = /^[A-Za-z0-9_-]{43}$/;

/**
 * RFC 9449 §10: `dpop_jkt` binds the code to a key thumbprint, in every response mode and on
 * prompt=none too. The implicit flow hands tokens over in the URL where no proof can go, so a
 * request that asks for binding there, or a client whose policy requires DPoP, is refused
 * rather than given tokens that only look bound. An `off` client's `dpop_jkt` is ignored.
 */
export function checkDpopJkt(
  client: Pick<ClientConfig, 'clientId' | 'dpop'>,
  params: RequestParameters,
  responseType: ResponseType,
): { dpopJkt?: string } {
  const jkt = param(params, 'dpop_jkt');
  if (isImplicitResponseType(responseType)) {
    if (jkt !== undefined) {
      throw invalidRequest(
        'dpop_jkt cannot bind the implicit flow: its tokens come back in the URL, where no DPoP proof is possible (use the code flow)',
      );
    }
    if (client.dpop === 'required') {
      throw invalidRequest(
        `Client ${client.clientId} requires DPoP, which the implicit flow cannot give (use the code flow)`,
      );
    }
    return {};
  }
  if (jkt === undefined || client.dpop === 'off') return {};
  if (!THUMBPRINT.test(jkt)) {
    throw invalidRequest('dpop_jkt must be a base64url SHA-256 JWK thumbprint (RFC 7638)');
  }
  return { dpopJkt: jkt };
}
