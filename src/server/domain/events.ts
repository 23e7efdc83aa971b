/** What happened on the server, as a test reads it back (never a token, code or secret). */
export type TimelineEvent =
  | { type: 'sign_in'; userId: string; sessionId: string; via: 'login' | 'control' }
  | { type: 'session_ended'; userId?: string; count: number; via: 'logout' | 'control' }
  /** `silent`: answered to prompt=none. */
  | { type: 'code_issued'; clientId: string; userId: string; silent: boolean; dpopJkt?: string }
  /** prompt=none answered with a code or tokens: a renewal without the user. */
  | { type: 'silent_renewal'; clientId: string; userId: string; responseType: string }
  | {
      type: 'tokens_issued';
      grantType: string;
      clientId: string;
      scope: string;
      refreshToken: boolean;
      /** Thumbprint of the DPoP key the tokens are bound to (never the proof itself). */
      dpopJkt?: string;
    }
  /** A FedCM assertion (a code): `autoSelected` when the browser re-authenticated on its own. */
  | { type: 'fedcm_assertion'; clientId: string; userId: string; autoSelected: boolean }
  /** A refresh_token exchange; `rotated`: a new refresh token came back. */
  | { type: 'refresh'; clientId: string; scope: string; rotated: boolean; dpopJkt?: string }
  | {
      type: 'revoked';
      what: 'refresh_token' | 'access_token' | 'grant';
      count: number;
      clientId?: string;
      userId?: string;
    }
  | {
      type: 'error';
      endpoint: string;
      error: string;
      description?: string;
      status?: number;
      clientId?: string;
    }
  /**
   * A framed request carried Sec-Fetch-Storage-Access (`state`); `answer: 'retry'` when we asked
   * the browser to resend it with the cookies its grant allows, else `reason` says why not.
   */
  | {
      type: 'storage_access';
      endpoint: string;
      state: 'none' | 'inactive' | 'active';
      origin?: string;
      answer: 'retry' | 'none';
      reason?: string;
    }
  /** The control API's faults, when one shaped a response. */
  | {
      type: 'fault';
      endpoint: string;
      fault: 'error' | 'hang' | 'delay';
      error?: string;
      ms?: number;
    };

/**
 * Where the domain reports what happened. The domain only records; the control plane
 * (server/control/eventTimeline.ts) keeps and lists the events for tests.
 */
export interface EventRecorder {
  record(event: TimelineEvent): void;
}
