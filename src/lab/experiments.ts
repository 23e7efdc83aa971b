import type { Experiment } from './experiment.ts';
import { crossSiteCookiesBlocked } from './experiments/crossSiteCookiesBlocked.ts';
import { dpopCopiedToken } from './experiments/dpopCopiedToken.ts';
import { dpopNonceRoundTrip } from './experiments/dpopNonceRoundTrip.ts';
import { dpopReplayedProof } from './experiments/dpopReplayedProof.ts';
import { dpopWrongTarget } from './experiments/dpopWrongTarget.ts';
import { fedcmAutoReauthnVsFrame } from './experiments/fedcmAutoReauthnVsFrame.ts';
import { fedcmSignInCookiesBlocked } from './experiments/fedcmSignInCookiesBlocked.ts';
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
  dpopCopiedToken,
  dpopReplayedProof,
  dpopWrongTarget,
  dpopNonceRoundTrip,
  fedcmSignInCookiesBlocked,
  fedcmAutoReauthnVsFrame,
];

/** Run one at a time only: they end the session, or use the browser's FedCM (its account
 * chooser waits for a person; silent re-authentication is spent for 10 minutes once used). */
const RUN_ALONE = new Set<string>([
  'session-ended',
  'other-tab-logout',
  'fedcm-sign-in',
  'fedcm-auto-reauthn',
]);

/** What "run every experiment" runs: the ones that leave this tab's session (and the server's,
 * and the browser's FedCM state) as they were. */
export const SESSION_KEEPING_EXPERIMENTS = EXPERIMENTS.filter(
  (experiment) => !RUN_ALONE.has(experiment.id),
);
