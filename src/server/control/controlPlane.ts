import type { Domain } from '../domain/domain.ts';
import type { CookieBlockingSetting } from './cookieBlocking.ts';
import type { EventTimeline } from './eventTimeline.ts';
import type { FaultSettings } from './faults.ts';
import type { RequestLog } from './requestLog.ts';

/** What the control API steers and reads back, for tests; the protocol domain never sees it. */
export interface ControlPlane {
  /** Keeps what the domain records (Domain.events), for tests to list. */
  events: EventTimeline;
  /** The requests answered, secrets redacted, for tests. */
  requestLog: RequestLog;
  /** Errors, hangs and delays the control API asked for. */
  faults: FaultSettings;
  cookieBlocking: CookieBlockingSetting;
}

/** The domain with its control plane: what createAuthServer builds and the HTTP layer shares. */
export type ControlledDomain = Domain & ControlPlane;
