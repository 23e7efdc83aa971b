import { SPA_PATHS } from '../protocol/defaults.ts';
import { type AuthStore, createAuthStore } from './authStore.ts';
import { autoLoginGuard } from './autoLoginGuard.ts';
import { type ClientSettings, readClientSettings } from './clientSettings.ts';
import { createCodeFlows } from './codeFlows.ts';
import { probeThirdPartyCookies } from './cookieProbe.ts';
import {
  type LabSettings,
  readLabSettings,
  saveLabSettings,
  withLabSettings,
} from './labSettings.ts';
import { startRenewalScheduler } from './renewalScheduler.ts';
import { openTabChannel } from './tabChannel.ts';

export interface StartedAuth {
  settings: ClientSettings;
  store: AuthStore;
  /**
   * Keeps this tab's lab choices (sessionStorage). A new silent transport applies at once;
   * another server host or client restarts the app (a reload) with it.
   */
  changeSettings(changes: LabSettings): void;
}

/**
 * Starts the browser auth core from the runtime settings in `window.__SILENT_AUTH_LAB__` and
 * this tab's lab choices: the store, the oidc-client-ts flows behind it, the renewal scheduler,
 * the link to the other tabs, and a silent sign-in (unless the page is the login callback).
 * Throws ClientSettingsError when those settings are wrong.
 */
export function startAuth(browser: Window = window): StartedAuth {
  const storage = browser.sessionStorage;
  const settings = readClientSettings(
    withLabSettings(browser.__SILENT_AUTH_LAB__, readLabSettings(storage)),
    browser.location.origin,
  );
  const flows = createCodeFlows(settings, {
    stateStorage: storage,
    messageSource: browser,
    onIgnoredMessage: (reason) => store.getState().noteIgnoredMessage(reason),
    probeCookies: () =>
      probeThirdPartyCookies({
        authority: settings.authority,
        spaOrigin: settings.spaOrigin,
        document: browser.document,
        window: browser,
      }),
  });
  const store = createAuthStore({
    settings,
    flows,
    // Tabs of another server host or client are another app: they neither share nor wait.
    tabs: openTabChannel(`silent-auth-lab ${settings.issuer} ${settings.clientId}`),
    autoLogin: autoLoginGuard(storage),
  });
  startRenewalScheduler({
    store,
    renewBeforeExpirySeconds: settings.renewBeforeExpirySeconds,
    document: browser.document,
    window: browser,
  });
  if (browser.location.pathname !== SPA_PATHS.callback) void store.getState().signInSilently();
  return {
    settings,
    store,
    changeSettings(changes) {
      saveLabSettings(storage, changes);
      if (changes.silentTransport) store.getState().chooseSilentTransport(changes.silentTransport);
      if (changes.authHost || changes.client) browser.location.reload();
    },
  };
}
