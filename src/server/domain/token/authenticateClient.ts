import { timingSafeEqual } from 'node:crypto';
import { type ClientConfig, isPublicClientType } from '../../config.ts';
import { invalidRequest, OAuthError } from '../oauthError.ts';
import type { Registry } from '../registry.ts';
import { param, type RequestParameters } from '../requestParameters.ts';

interface Credentials {
  clientId: string | undefined;
  clientSecret: string | undefined;
  viaBasic: boolean;
}

const BASIC_CHALLENGE = 'Basic realm="oauth/token"';

const invalidClient = (description: string, viaBasic: boolean) =>
  // RFC 6749 §5.2: 401 plus a challenge when the client tried the Authorization header.
  viaBasic
    ? new OAuthError('invalid_client', description, {
        status: 401,
        wwwAuthenticate: BASIC_CHALLENGE,
      })
    : new OAuthError('invalid_client', description, { status: 401 });

// RFC 6749 §2.3.1: both halves are form-urlencoded before base64.
const formDecode = (text: string) => decodeURIComponent(text.replace(/\+/g, ' '));

function readBasic(header: string): { clientId: string; clientSecret: string } {
  const match = /^Basic ([A-Za-z0-9+/]+={0,2})$/i.exec(header.trim());
  const decoded = match?.[1] ? Buffer.from(match[1], 'base64').toString('utf8') : '';
  const colon = decoded.indexOf(':');
  if (colon < 0) throw invalidClient('Malformed Basic authorization header', true);
  try {
    return {
      clientId: formDecode(decoded.slice(0, colon)),
      clientSecret: formDecode(decoded.slice(colon + 1)),
    };
  } catch {
    throw invalidClient('Malformed Basic authorization header', true);
  }
}

function readCredentials(params: RequestParameters, authorization?: string): Credentials {
  const bodyId = param(params, 'client_id');
  const bodySecret = param(params, 'client_secret');
  if (!authorization || !/^basic /i.test(authorization)) {
    return { clientId: bodyId, clientSecret: bodySecret, viaBasic: false };
  }
  const basic = readBasic(authorization);
  if (bodySecret !== undefined) {
    // RFC 6749 §2.3: one authentication method per request.
    throw invalidRequest('Use either client_secret_basic or client_secret_post, not both');
  }
  if (bodyId !== undefined && bodyId !== basic.clientId) {
    throw invalidRequest('client_id in the body differs from the Authorization header');
  }
  return { ...basic, viaBasic: true };
}

const sameSecret = (expected: string, actual: string) => {
  const a = Buffer.from(expected);
  const b = Buffer.from(actual);
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * Token endpoint client authentication: public clients (spa, native) identify themselves with
 * `client_id` alone; confidential ones must prove their secret (basic or post).
 */
export function authenticateClient(
  registry: Registry,
  params: RequestParameters,
  authorization: string | undefined,
): ClientConfig {
  const { clientId, clientSecret, viaBasic } = readCredentials(params, authorization);
  if (clientId === undefined) throw invalidRequest('Missing required parameter: client_id');
  const client = registry.client(clientId);
  if (!client) throw invalidClient(`Unknown client: ${clientId}`, viaBasic);
  if (isPublicClientType(client.type)) {
    if (clientSecret !== undefined) {
      throw invalidClient('A public client has no secret; do not send one', viaBasic);
    }
    return client;
  }
  if (clientSecret === undefined || client.clientSecret === undefined) {
    throw invalidClient('Client authentication required (client_secret)', viaBasic);
  }
  if (!sameSecret(client.clientSecret, clientSecret)) {
    throw invalidClient('Client authentication failed', viaBasic);
  }
  return client;
}
