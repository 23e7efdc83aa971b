import { bodyLimit } from 'hono/body-limit';
import { invalidRequest } from '../domain/oauthError.ts';
import { renderOAuthErrorJson } from './renderOAuthError.ts';

/** Back-channel OAuth requests are small; a bigger body is refused in the OAuth error shape. */
export const oauthBodyLimit = bodyLimit({
  maxSize: 64 * 1024,
  onError: (c) => renderOAuthErrorJson(c, invalidRequest('The request body is too large')),
});
