import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from '../auth/authMachine.ts';
import { describeTimelineEntry } from './describeTimelineEntry.ts';

const base = { seq: 1, at: 0, from: 'renewing', to: 'authenticated' } as const;

describe('describeTimelineEntry', () => {
  it('says which transport renewed and how fast', () => {
    const entry: TimelineEntry = { ...base, type: 'renewed', transport: 'iframe', durationMs: 84 };
    expect(describeTimelineEntry(entry)).toBe('Renewed via iframe in 84 ms');
  });

  it('says how long the new access token lives, not only until when', () => {
    const at = new Date(2025, 0, 1, 12, 0, 0).getTime();
    const entry: TimelineEntry = {
      ...base,
      at,
      type: 'signed_in',
      via: 'redirect',
      accessTokenExpiresAt: at + 86_400_000,
    };
    expect(describeTimelineEntry(entry)).toBe(
      'Signed in via redirect; access token valid until 2025-01-02 12:00:00 (24 h 00 min)',
    );
  });

  it('says why a renewal failed', () => {
    const entry: TimelineEntry = {
      ...base,
      type: 'renew_failed',
      transport: 'web_message',
      durationMs: 310,
      failure: { reason: 'login_required', error: 'login_required', description: null },
    };
    expect(describeTimelineEntry(entry)).toBe(
      'Renewal via web_message failed after 310 ms: login_required',
    );
  });

  it('says when another tab renewed, or failed to, in our place', () => {
    const failed: TimelineEntry = {
      ...base,
      type: 'renew_failed',
      transport: 'iframe',
      durationMs: 95,
      inOtherTab: true,
      failure: { reason: 'login_required', error: 'login_required', description: null },
    };
    expect(describeTimelineEntry(failed)).toBe(
      'Renewal in another tab via iframe failed after 95 ms: login_required',
    );
    expect(describeTimelineEntry({ ...base, type: 'tokens_shared' })).toBe(
      'Renewed tokens shared by another tab',
    );
    expect(describeTimelineEntry({ ...base, type: 'signed_in', via: 'other_tab' })).toBe(
      'Signed in with the tokens of another tab',
    );
  });

  it('says which retry is planned, after what, and when', () => {
    const entry: TimelineEntry = {
      ...base,
      type: 'renew_retry_scheduled',
      attempt: 2,
      delayMs: 1_530,
      after: 'server_error',
    };
    expect(describeTimelineEntry(entry)).toBe('Retry 2 of 7 after server_error in 1.5 s');
    expect(
      describeTimelineEntry({ ...base, type: 'renew_retry_cancelled', cause: 'offline' }),
    ).toBe('Retry put off: the browser is offline (tries again when it is back online)');
  });

  it("names the server's Retry-After behind a retry's delay, and what started a silent sign-in", () => {
    const entry: TimelineEntry = {
      ...base,
      type: 'renew_retry_scheduled',
      attempt: 1,
      delayMs: 3_240,
      after: 'rate_limited',
      retryAfterSeconds: 3,
    };
    expect(describeTimelineEntry(entry)).toBe(
      'Retry 1 of 7 after rate_limited in 3.2 s (the server asked for 3 s)',
    );
    expect(
      describeTimelineEntry({
        ...base,
        type: 'silent_login_started',
        transport: 'iframe',
        trigger: 'retry',
      }),
    ).toBe('Silent sign-in started via iframe (retry)');
  });

  it('shows the OAuth error behind a failed login', () => {
    const entry: TimelineEntry = {
      ...base,
      type: 'login_failed',
      returnPath: '/',
      failure: { reason: 'oauth_error', error: 'access_denied', description: null },
    };
    expect(describeTimelineEntry(entry)).toBe('Login failed: oauth_error (access_denied)');
  });

  it('says which way a silent sign-in went', () => {
    const entry: TimelineEntry = {
      ...base,
      type: 'signed_in',
      via: 'silent',
      transport: 'web_message',
    };
    expect(describeTimelineEntry(entry)).toBe('Signed in by silent sign-in via web_message');
  });

  it('reads a silent sign-in answered login_required as signed out, not as a failure', () => {
    const failure = (reason: 'login_required' | 'network_error') =>
      ({ reason, error: reason === 'login_required' ? reason : null, description: null }) as const;
    const noSession: TimelineEntry = {
      ...base,
      type: 'silent_login_failed',
      failure: failure('login_required'),
    };
    expect(describeTimelineEntry(noSession)).toBe('No server session: signed out');
    const down: TimelineEntry = {
      ...base,
      type: 'silent_login_failed',
      failure: failure('network_error'),
    };
    expect(describeTimelineEntry(down)).toBe('Silent sign-in failed: network_error');
  });
});
