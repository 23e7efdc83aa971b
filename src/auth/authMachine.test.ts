import { describe, expect, it } from 'vitest';
import type { AuthFailure } from './authFailure.ts';
import {
  AUTH_STATUSES,
  type AuthEvent,
  type AuthMachineState,
  type AuthStatus,
  applyAuthEvent,
  INITIAL_AUTH_STATE,
  TIMELINE_LIMIT,
} from './authMachine.ts';
import { sessionFor } from './testSupport/testTokens.ts';

const NOW = 1_000_000;
const failure: AuthFailure = {
  reason: 'login_required',
  error: 'login_required',
  description: null,
};
const session = sessionFor({ receivedAt: NOW - 10_000, accessTokenExpiresAt: NOW + 50_000 });
const expiredSession = sessionFor({ receivedAt: NOW - 70_000, accessTokenExpiresAt: NOW - 10_000 });
const fresherSession = sessionFor({ receivedAt: NOW, accessTokenExpiresAt: NOW + 60_000 });

const inStatus = (status: AuthStatus, extra: Partial<AuthMachineState> = {}): AuthMachineState => ({
  ...INITIAL_AUTH_STATE,
  status,
  session: ['authenticated', 'renewing', 'expired'].includes(status) ? session : null,
  ...extra,
});

const EVENTS: Record<AuthEvent['type'], AuthEvent> = {
  login_started: { type: 'login_started', returnPath: '/profile' },
  callback_received: { type: 'callback_received' },
  signed_in: { type: 'signed_in', session, via: 'redirect' },
  login_failed: { type: 'login_failed', failure, returnPath: '/api' },
  login_abandoned: { type: 'login_abandoned' },
  silent_login_started: { type: 'silent_login_started', transport: 'iframe', trigger: 'boot' },
  silent_login_failed: { type: 'silent_login_failed', failure },
  renew_started: { type: 'renew_started', transport: 'iframe', trigger: 'scheduled' },
  renewed: { type: 'renewed', session, transport: 'iframe', durationMs: 80 },
  renew_failed: { type: 'renew_failed', failure, transport: 'iframe', durationMs: 80 },
  renew_retry_scheduled: {
    type: 'renew_retry_scheduled',
    attempt: 2,
    delayMs: 1_500,
    after: 'server_error',
  },
  renew_retry_cancelled: { type: 'renew_retry_cancelled', cause: 'hidden' },
  tokens_shared: { type: 'tokens_shared', session: fresherSession },
  access_token_expired: { type: 'access_token_expired' },
  logged_out: { type: 'logged_out', initiator: 'user' },
  server_logout_failed: { type: 'server_logout_failed', failure },
  message_ignored: { type: 'message_ignored', reason: 'origin' },
};

/** The whole machine: for each event, the status it leads to from each status it is allowed in. */
const ALLOWED: Record<AuthEvent['type'], Partial<Record<AuthStatus, AuthStatus>>> = {
  login_started: {
    anonymous: 'authenticating',
    error: 'authenticating',
    expired: 'authenticating',
    authenticated: 'authenticating',
  },
  callback_received: {
    anonymous: 'authenticating',
    error: 'authenticating',
    expired: 'authenticating',
  },
  signed_in: { authenticating: 'authenticated' },
  login_failed: { authenticating: 'error' },
  login_abandoned: { authenticating: 'anonymous' },
  silent_login_started: { anonymous: 'authenticating' },
  silent_login_failed: { authenticating: 'anonymous' },
  renew_started: { authenticated: 'renewing', expired: 'renewing' },
  renewed: { renewing: 'authenticated' },
  renew_failed: { renewing: 'authenticated' },
  tokens_shared: {
    authenticated: 'authenticated',
    renewing: 'authenticated',
    expired: 'authenticated',
  },
  // Also anonymous: the retry of a silent sign-in that failed for a transient reason.
  renew_retry_scheduled: {
    anonymous: 'anonymous',
    authenticated: 'authenticated',
    expired: 'expired',
  },
  renew_retry_cancelled: {
    anonymous: 'anonymous',
    authenticated: 'authenticated',
    expired: 'expired',
  },
  access_token_expired: {},
  logged_out: {
    authenticating: 'anonymous',
    authenticated: 'anonymous',
    renewing: 'anonymous',
    expired: 'anonymous',
    error: 'anonymous',
  },
  server_logout_failed: Object.fromEntries(AUTH_STATUSES.map((s) => [s, s])),
  message_ignored: Object.fromEntries(AUTH_STATUSES.map((s) => [s, s])),
};

describe('applyAuthEvent', () => {
  const cases = Object.entries(EVENTS).flatMap(([type, event]) =>
    AUTH_STATUSES.map((from) => ({ type, event, from, to: ALLOWED[event.type][from] ?? null })),
  );

  it.each(cases.filter((c) => c.to !== null))('$type: $from → $to', ({ event, from, to }) => {
    const next = applyAuthEvent(inStatus(from), event, NOW);
    expect(next?.status).toBe(to);
  });

  it.each(cases.filter((c) => c.to === null))('$type is refused in $from', ({ event, from }) => {
    const state = inStatus(from);
    expect(applyAuthEvent(state, event, NOW)).toBeNull();
  });

  it('starts anonymous with an empty timeline', () => {
    expect(INITIAL_AUTH_STATE).toMatchObject({ status: 'anonymous', session: null, timeline: [] });
  });

  it('records a timeline entry with the transition and the event details, never the tokens', () => {
    const next = applyAuthEvent(inStatus('renewing'), EVENTS.renewed, NOW);
    expect(next?.timeline).toEqual([
      {
        type: 'renewed',
        transport: 'iframe',
        durationMs: 80,
        seq: 1,
        at: NOW,
        from: 'renewing',
        to: 'authenticated',
        accessTokenExpiresAt: session.accessTokenExpiresAt,
      },
    ]);
  });

  it('numbers timeline entries and keeps only the latest ones', () => {
    let state: AuthMachineState = INITIAL_AUTH_STATE;
    for (let i = 0; i < TIMELINE_LIMIT + 5; i++) {
      state = applyAuthEvent(state, EVENTS.message_ignored, NOW + i) ?? state;
    }
    expect(state.timeline).toHaveLength(TIMELINE_LIMIT);
    expect(state.timeline.at(-1)?.seq).toBe(TIMELINE_LIMIT + 5);
    expect(state.timeline[0]?.seq).toBe(6);
  });

  it('a planned retry is kept with its time, and cleared when a renewal starts or succeeds', () => {
    const planned = applyAuthEvent(inStatus('authenticated'), EVENTS.renew_retry_scheduled, NOW);
    expect(planned?.retry).toEqual({ attempt: 2, at: NOW + 1_500 });
    expect(planned?.timeline.at(-1)).toMatchObject({
      type: 'renew_retry_scheduled',
      attempt: 2,
      delayMs: 1_500,
      after: 'server_error',
    });
    if (!planned) return;
    expect(applyAuthEvent(planned, EVENTS.renew_started, NOW)?.retry).toBeNull();
    expect(applyAuthEvent(planned, EVENTS.tokens_shared, NOW)?.retry).toBeNull();
    expect(applyAuthEvent(planned, EVENTS.renew_retry_cancelled, NOW)?.retry).toBeNull();
    expect(applyAuthEvent(planned, EVENTS.logged_out, NOW)?.retry).toBeNull();
    const renewing = inStatus('renewing', { retry: { attempt: 2, at: NOW } });
    expect(applyAuthEvent(renewing, EVENTS.renewed, NOW)?.retry).toBeNull();
  });

  it('signing in stores the session and clears the last failure', () => {
    const next = applyAuthEvent(
      inStatus('authenticating', { failure, returnPath: '/api' }),
      EVENTS.signed_in,
      NOW,
    );
    expect(next).toMatchObject({
      status: 'authenticated',
      session,
      failure: null,
      returnPath: null,
    });
  });

  it('a failed login keeps the failure and where the user wanted to go', () => {
    const next = applyAuthEvent(inStatus('authenticating'), EVENTS.login_failed, NOW);
    expect(next).toMatchObject({ status: 'error', failure, returnPath: '/api', session: null });
  });

  it('a failed renewal stays authenticated while the access token is still valid', () => {
    const next = applyAuthEvent(inStatus('renewing'), EVENTS.renew_failed, NOW);
    expect(next).toMatchObject({ status: 'authenticated', failure, session });
  });

  it('a failed renewal after the access token expired means expired, never authenticated', () => {
    const next = applyAuthEvent(
      inStatus('renewing', { session: expiredSession }),
      EVENTS.renew_failed,
      NOW,
    );
    expect(next).toMatchObject({ status: 'expired', failure });
  });

  it('the access token expiring moves authenticated to expired', () => {
    const next = applyAuthEvent(
      inStatus('authenticated', { session: expiredSession }),
      EVENTS.access_token_expired,
      NOW,
    );
    expect(next?.status).toBe('expired');
  });

  it('refuses to call a still-valid access token expired', () => {
    expect(applyAuthEvent(inStatus('authenticated'), EVENTS.access_token_expired, NOW)).toBeNull();
  });

  it('refuses a renewal that brings another user', () => {
    const other = { ...EVENTS.renewed, session: sessionFor({ sub: 'auth0|bob' }) } as AuthEvent;
    expect(applyAuthEvent(inStatus('renewing'), other, NOW)).toBeNull();
  });

  it('takes fresher tokens from another tab and forgets the last failure', () => {
    const next = applyAuthEvent(
      inStatus('expired', { session: expiredSession, failure }),
      EVENTS.tokens_shared,
      NOW,
    );
    expect(next).toMatchObject({ status: 'authenticated', session: fresherSession, failure: null });
    expect(next?.timeline.at(-1)).toMatchObject({
      type: 'tokens_shared',
      accessTokenExpiresAt: fresherSession.accessTokenExpiresAt,
    });
  });

  it("refuses another tab's tokens for another user", () => {
    const bob = sessionFor({ sub: 'auth0|bob', accessTokenExpiresAt: NOW + 90_000 });
    const event: AuthEvent = { type: 'tokens_shared', session: bob };
    expect(applyAuthEvent(inStatus('authenticated'), event, NOW)).toBeNull();
  });

  it("refuses another tab's tokens that are not fresher than ours (crossed answers)", () => {
    const same: AuthEvent = { type: 'tokens_shared', session: { ...session } };
    expect(applyAuthEvent(inStatus('renewing'), same, NOW)).toBeNull();
  });

  it('a renewal result arriving after logout is refused', () => {
    const loggedOut = applyAuthEvent(inStatus('renewing'), EVENTS.logged_out, NOW);
    expect(loggedOut).toMatchObject({ status: 'anonymous', session: null, loggedOutBy: 'user' });
    expect(applyAuthEvent(loggedOut as AuthMachineState, EVENTS.renewed, NOW)).toBeNull();
  });

  it('refuses a second login while one is under way', () => {
    const started = applyAuthEvent(
      inStatus('anonymous'),
      EVENTS.login_started,
      NOW,
    ) as AuthMachineState;
    expect(started.status).toBe('authenticating');
    expect(applyAuthEvent(started, EVENTS.login_started, NOW)).toBeNull();
  });

  it('a new sign-in forgets who logged out', () => {
    const state = inStatus('authenticating', { loggedOutBy: 'other_tab' });
    expect(applyAuthEvent(state, EVENTS.signed_in, NOW)?.loggedOutBy).toBeNull();
  });

  it('does not change the state it was given', () => {
    const state = inStatus('anonymous');
    const copy = structuredClone(state);
    applyAuthEvent(state, EVENTS.login_started, NOW);
    expect(state).toEqual(copy);
  });
});
