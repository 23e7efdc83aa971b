import { DpopNonces } from '../../../dpop/dpopNonces.ts';
import { DpopReplayCache } from '../../../dpop/dpopReplayCache.ts';
import type { DpopConfig } from '../../config.ts';
import type { Clock } from '../clock.ts';

export type DpopOverrides = Partial<Pick<DpopConfig, 'requireNonce' | 'nonceRotationSeconds'>>;

/**
 * The server's DPoP state: the configured checks plus the control API's overrides, the
 * nonces (on the server clock) and the replay cache shared by /oauth/token and /userinfo.
 */
export interface DpopSettings {
  current(): DpopConfig;
  override(overrides: DpopOverrides): DpopConfig;
  nonces: DpopNonces;
  replay: DpopReplayCache;
  /** `DPoP-Nonce` for an answer: the current nonce while nonces are required. */
  nonceHeaders(): Readonly<Record<string, string>>;
  reset(): void;
}

const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

export function createDpopSettings(configured: DpopConfig, clock: Clock): DpopSettings {
  let overrides: DpopOverrides = {};
  const current = (): DpopConfig => ({ ...configured, ...overrides });
  // Made when first used: a nonce is random bytes, which most servers (a test kit starts one
  // per worker) never hand out.
  let nonces: DpopNonces | undefined;
  const noncesNow = () => {
    nonces ??= new DpopNonces(() => clock.now(), current().nonceRotationSeconds);
    return nonces;
  };
  const replay = new DpopReplayCache(configured.replayCacheEntries);
  return {
    current,
    override(next) {
      overrides = { ...overrides, ...next };
      nonces?.setRotateSeconds(current().nonceRotationSeconds);
      return current();
    },
    get nonces() {
      return noncesNow();
    },
    replay,
    nonceHeaders: () =>
      current().requireNonce ? { 'DPoP-Nonce': noncesNow().current() } : NO_HEADERS,
    reset() {
      overrides = {};
      nonces?.setRotateSeconds(configured.nonceRotationSeconds);
      replay.clear();
    },
  };
}
