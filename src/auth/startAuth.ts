import { type AuthStore, createAuthStore } from './authStore.ts';
import { type ClientSettings, readClientSettings } from './clientSettings.ts';
import { probeThirdPartyCookies } from './cookieProbe.ts';
import { startRenewalScheduler } from './renewalScheduler.ts';
import { createUserManagerFlows } from './userManagerFlows.ts';

export interface StartedAuth {
  settings: ClientSettings;
  store: AuthStore;
}

/**
 * Starts the browser auth core from the runtime settings in `window.__SILENT_AUTH_LAB__`:
 * the store, the oidc-client-ts flows behind it and the renewal scheduler.
 * Throws ClientSettingsError when those settings are wrong.
 */
export function startAuth(browser: Window = window): StartedAuth {
  const settings = readClientSettings(browser.__SILENT_AUTH_LAB__, browser.location.origin);
  const flows = createUserManagerFlows(settings, {
    stateStorage: browser.sessionStorage,
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
  const store = createAuthStore({ settings, flows });
  startRenewalScheduler({
    store,
    renewBeforeExpirySeconds: settings.renewBeforeExpirySeconds,
    document: browser.document,
    window: browser,
  });
  return { settings, store };
}
