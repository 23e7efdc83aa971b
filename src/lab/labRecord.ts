/**
 * What one lab experiment did, as the page shows it: every request it sent and what came back
 * (tokens already redacted), the outcome and why. Built by the experiments in ./experiments,
 * read by the React UI; plain data, so a record can be logged or compared in tests.
 */

export type ExperimentId =
  | 'offline-access'
  | 'refresh-grant'
  | 'implicit-offline'
  | 'silent-renewal'
  | 'session-ended'
  | 'cross-site'
  | 'unframeable'
  | 'other-tab-logout'
  | 'rate-limit'
  | 'native-app'
  | 'storage-audit'
  | 'storage-access'
  | 'dpop-copied-token'
  | 'dpop-replayed-proof'
  | 'dpop-wrong-target'
  | 'dpop-nonce'
  | 'fedcm-sign-in'
  | 'fedcm-auto-reauthn';

/** How a request travelled: the page cannot see every answer the same way. */
export type RequestChannel =
  | 'fetch'
  | 'fetch (no-cors)'
  | 'hidden iframe'
  | 'new tab'
  | 'BroadcastChannel'
  | 'storage scan'
  /** navigator.credentials.get({identity}): the browser makes the requests, the page sees none. */
  | 'FedCM';

export interface LabRequest {
  method: string;
  url: string;
  via: RequestChannel;
  headers?: Record<string, string>;
  /** The body as sent, secrets redacted (see redactForDisplay). */
  body?: unknown;
}

export type LabResponse =
  /** An HTTP answer the page could read (same origin or allowed by CORS). */
  | { kind: 'http'; status: number; headers: Record<string, string>; body: unknown }
  /** A window message, e.g. from the silent callback page or the server's web_message page. */
  | { kind: 'message'; origin: string; body: unknown }
  /** An answer the browser hides from the page (no-cors, cross-origin frame). */
  | { kind: 'opaque'; note: string }
  /** What the browser handed the page from its own requests (FedCM's IdentityCredential). */
  | { kind: 'credential'; body: unknown }
  /** Nothing came back (refused to frame, network error, timeout). */
  | { kind: 'none'; note: string };

export interface Observation {
  label: string;
  value: string;
  /** bad: a finding against the rule (shown in red, with text); ok: as it should be. */
  flag?: 'ok' | 'bad' | 'info';
}

export interface LabStep {
  title: string;
  request?: LabRequest;
  response?: LabResponse;
  /** Milliseconds from sending to the answer (or to giving up). */
  durationMs?: number;
  observations?: Observation[];
  note?: string;
}

/**
 * confirmed: the restriction held, as the documents say. contradicted: it did not (a refresh
 * token where none may be, no 429...). precondition: the experiment could not run as asked (sign
 * in first...). error: something else failed (the server is down, the page was closed).
 */
export type Verdict = 'confirmed' | 'contradicted' | 'precondition' | 'error';

export interface LabOutcome {
  verdict: Verdict;
  /** A stable word for tests and the UI, e.g. `no_refresh_token`, `login_required`. */
  code: string;
  /** One line: what happened. */
  summary: string;
  /**
   * What settled the outcome's cause (`cookie_probe`, `load_without_message`, `server_answer`,
   * `timeout`), where an experiment diagnoses one: the verdict rests on it, never on the time.
   */
  decidedBy?: string;
}

/** A silent renewal an experiment made, for the timeline chart. */
export interface LabRenewalMark {
  at: number;
  transport: string;
  durationMs: number;
  ok: boolean;
  /** Why it failed (failure reason) when it did. */
  reason?: string;
  /** What the attempt was for, e.g. "cross-site". */
  label: string;
}

export interface ExperimentRecord {
  id: ExperimentId;
  startedAt: number;
  elapsedMs: number;
  steps: LabStep[];
  outcome: LabOutcome;
  /** Why, in plain words: the rule behind the outcome. */
  explanation: string;
  renewals?: LabRenewalMark[];
  /** What the person can do next (sign in again, run the native demo...). */
  followUp?: FollowUp;
}

export type FollowUp =
  | { kind: 'sign-in-again'; text: string }
  | { kind: 'top-level-sign-in'; text: string }
  | { kind: 'run-command'; text: string; command: string };
