import { AUTHORIZATION_RESPONSE_MESSAGE_TYPE } from '../protocol/oauth.ts';
import type { ClientSettings } from './clientSettings.ts';
import type { SilentTransport } from './silentTransport.ts';

/**
 * Transport 2, Auth0 checkSession style: with `response_mode=web_message` the server answers
 * the hidden frame with a page that posts `{type: 'authorization_response', response}` to this
 * window, from the server's origin. The response is turned back into a callback URL on the
 * registered redirect URI, which the code exchange must repeat.
 */
export function webMessageTransport(
  settings: Pick<ClientSettings, 'authority' | 'silentRedirectUri'>,
): SilentTransport {
  return {
    name: 'web_message',
    authorizeParams: { response_mode: 'web_message' },
    responseOrigin: new URL(settings.authority).origin,
    readResponse(data) {
      const message = data as { type?: unknown; response?: unknown } | null;
      if (message?.type !== AUTHORIZATION_RESPONSE_MESSAGE_TYPE) return null;
      const { response } = message;
      if (typeof response !== 'object' || response === null || Array.isArray(response)) return null;
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(response)) {
        if (typeof value === 'string') params.set(key, value);
      }
      return `${settings.silentRedirectUri}?${params}`;
    },
  };
}
