import type { Experiment } from './experiment.ts';
import { crossSiteCookiesBlocked } from './experiments/crossSiteCookiesBlocked.ts';
import { implicitWithOfflineAccess } from './experiments/implicitWithOfflineAccess.ts';
import { logoutInOtherTab } from './experiments/logoutInOtherTab.ts';
import { nativeAppRefreshToken } from './experiments/nativeAppRefreshToken.ts';
import { offlineAccessForSpa } from './experiments/offlineAccessForSpa.ts';
import { rateLimitedTokenEndpoint } from './experiments/rateLimitedTokenEndpoint.ts';
import { refreshGrantFromBrowser } from './experiments/refreshGrantFromBrowser.ts';
import { renewalAfterSessionEnded } from './experiments/renewalAfterSessionEnded.ts';
import { silentRenewalPerTransport } from './experiments/silentRenewalPerTransport.ts';
import { storageAccessRenewal } from './experiments/storageAccessRenewal.ts';
import { storageAudit } from './experiments/storageAudit.ts';
import { unframeableClient } from './experiments/unframeableClient.ts';

/** Every experiment of the lab, in the order. */
export const EXPERIMENTS: readonly Experiment[] = [
  offlineAccessForSpa,
  refreshGrantFromBrowser,
  implicitWithOfflineAccess,
  silentRenewalPerTransport,
  renewalAfterSessionEnded,
  crossSiteCookiesBlocked,
  unframeableClient,
  logoutInOtherTab,
  rateLimitedTokenEndpoint,
  nativeAppRefreshToken,
  storageAudit,
  storageAccessRenewal,
];

/** The ones that leave the session of this tab (and at the server) as it was. */
export const SESSION_KEEPING_EXPERIMENTS = EXPERIMENTS.filter(
  (experiment) => experiment.id !== 'session-ended' && experiment.id !== 'other-tab-logout',
);
