import type { ClientConfig } from '../../config.ts';
import { isPublicClientType } from '../../config.ts';
import { invalidRequest } from '../oauthError.ts';
import { isS256Challenge } from '../pkce.ts';
import { param, type RequestParameters } from '../requestParameters.ts';
import { isImplicitResponseType, type ResponseType } from './checkResponseType.ts';

export interface PkceChallenge {
  codeChallenge?: string;
  codeChallengeMethod?: 'S256';
}

/**
 * Step 6. Public clients must send an S256 challenge; `plain` is refused for everyone, since it
 * protects nothing once the request is seen (RFC 9700 §2.1.1). An absent method means `plain`
 * (RFC 7636 §4.3), so it is refused too. The implicit flow has no code to bind: ignored there.
 */
export function checkPkce(
  client: ClientConfig,
  params: RequestParameters,
  responseType: ResponseType,
): PkceChallenge {
  if (isImplicitResponseType(responseType)) return {};
  const challenge = param(params, 'code_challenge');
  const method = param(params, 'code_challenge_method');
  if (challenge === undefined) {
    if (method !== undefined) {
      throw invalidRequest('code_challenge_method was sent without a code_challenge');
    }
    if (isPublicClientType(client.type)) {
      throw invalidRequest('code_challenge is required for public clients (PKCE with S256)');
    }
    return {};
  }
  if (method !== 'S256') {
    throw invalidRequest(
      `code_challenge_method must be S256; ${method === undefined ? 'none given (which means plain)' : method} is not allowed`,
    );
  }
  if (!isS256Challenge(challenge)) {
    throw invalidRequest('code_challenge must be 43 base64url characters (an S256 hash)');
  }
  return { codeChallenge: challenge, codeChallengeMethod: 'S256' };
}
