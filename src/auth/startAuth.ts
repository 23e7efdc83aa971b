import { SPA_PATHS } from '../protocol/defaults.ts';
import { type AuthStore, createAuthStore } from './authStore.ts';
import { autoLoginGuard } from './autoLoginGuard.ts';
import { type ClientSettings, readClientSettings } from './clientSettings.ts';
import {
  type LabSettings,
  readLabSettings,
  saveLabSettings,
  withLabSettings,
} from './labSettings.ts';
import { lazyAuthFlows } from './lazyAuthFlows.ts';
import { startRenewalScheduler } from './renewalScheduler.ts';
import { openTabChannel } from './tabChannel.ts';

export interface StartedAuth {
  settings: ClientSettings;
  store: AuthStore;
  /**
   * Keeps this tab's lab choices (sessionStorage). A new silent transport applies at once;
   * another sign-in flow, server host, client or DPoP choice restarts the app (a reload) with it.
   */
  changeSettings(changes: LabSettings): void;
}

/**
 * Starts the browser auth core from the runtime settings in `window.__SILENT_AUTH_LAB__` and
 * this tab's lab choices: the store, the flows behind it (code + PKCE on oidc-client-ts, or the
 * deprecated implicit flow; only the chosen one is loaded), the renewal scheduler, the link to
 * the other tabs, and a silent sign-in (unless the page is the login callback).
 * Throws ClientSettingsError when those settings are wrong.
 */
export function startAuth(browser: Window = window): StartedAuth {
  const storage = browser.sessionStorage;
  const settings = readClientSettings(
    withLabSettings(browser.__SILENT_AUTH_LAB__, readLabSettings(storage)),
    browser.location.origin,
  );
  const onIgnoredMessage = (reason: string) => store.getState().noteIgnoredMessage(reason);
  // Where the flows probe for blocked cookies: only after a failed renewal, which is when the
  // probe's code loads (a session whose renewals work never loads it).
  const probeCookies = {
    authority: settings.authority,
    spaOrigin: settings.spaOrigin,
    document: browser.document,
    window: browser,
  };
  // Each sign-in mode loads only its own flows (a chunk of its own): oidc-client-ts for the
  // code flow, jose for the implicit one; both at once exceed the auth layer's size budget.
  const flows = lazyAuthFlows(() =>
    settings.signInMode === 'implicit'
      ? import('./implicit/createImplicitFlows.ts').then(({ createImplicitFlows }) =>
          createImplicitFlows(settings, {
            window: browser,
            transactionStorage: storage,
            onIgnoredMessage,
            probeCookies,
          }),
        )
      : import('./codeFlows.ts').then(({ createCodeFlows }) =>
          createCodeFlows(settings, {
            stateStorage: storage,
            messageSource: browser,
            onIgnoredMessage,
            probeCookies,
          }),
        ),
  );
  flows.preload();
  const isOnline = () => browser.navigator.onLine;
  const store = createAuthStore({
    settings,
    flows,
    // Tabs of another server host or client are another app: they neither share nor wait.
    tabs: openTabChannel(`silent-auth-lab ${settings.issuer} ${settings.clientId}`),
    autoLogin: autoLoginGuard(storage),
    isOnline,
  });
  startRenewalScheduler({
    store,
    renewBeforeExpirySeconds: settings.renewBeforeExpirySeconds,
    document: browser.document,
    window: browser,
    isOnline,
  });
  if (browser.location.pathname !== SPA_PATHS.callback) void store.getState().signInSilently();
  return {
    settings,
    store,
    changeSettings(changes) {
      saveLabSettings(storage, changes);
      if (changes.silentTransport) store.getState().chooseSilentTransport(changes.silentTransport);
      if (changes.signInMode || changes.authHost || changes.client || changes.dpop) {
        browser.location.reload();
      }
    },
  };
}
