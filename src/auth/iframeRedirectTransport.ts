import type { ClientSettings } from './clientSettings.ts';
import type { SilentTransport } from './silentTransport.ts';

/** What silent-callback.html posts to its parent (the shape oidc-client-ts's IFrameWindow reads). */
export const SILENT_CALLBACK_MESSAGE_SOURCE = 'oidc-client';

export interface SilentCallbackMessage {
  source: typeof SILENT_CALLBACK_MESSAGE_SOURCE;
  url: string;
  keepOpen: false;
}

/**
 * Transport 1: the server redirects the hidden frame to our silent callback page, which posts
 * its own URL (code and state in the query) to this window, from our own origin.
 */
export function iframeRedirectTransport(
  settings: Pick<ClientSettings, 'spaOrigin' | 'silentRedirectUri'>,
): SilentTransport {
  const callbackPage = new URL(settings.silentRedirectUri);
  return {
    name: 'iframe',
    authorizeParams: {},
    responseOrigin: settings.spaOrigin,
    readResponse(data) {
      const message = data as Partial<SilentCallbackMessage> | null;
      if (message?.source !== SILENT_CALLBACK_MESSAGE_SOURCE || typeof message.url !== 'string')
        return null;
      let url: URL;
      try {
        url = new URL(message.url);
      } catch {
        return null;
      }
      if (url.origin !== callbackPage.origin || url.pathname !== callbackPage.pathname) return null;
      return url.href;
    },
  };
}
