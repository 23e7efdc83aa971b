import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from '../auth/authMachine.ts';
import { buildTokenTimeline, MIN_FIT_SPAN_MS } from './tokenTimelineModel.ts';

const T0 = 1_700_000_000_000;

const entry = (seq: number, at: number, fields: Record<string, unknown>): TimelineEntry =>
  ({ seq, at, from: 'anonymous', to: 'authenticated', ...fields }) as TimelineEntry;

const timeline: TimelineEntry[] = [
  entry(1, T0, { type: 'signed_in', via: 'redirect', accessTokenExpiresAt: T0 + 60_000 }),
  entry(2, T0 + 30_000, { type: 'renew_started', transport: 'iframe', trigger: 'scheduled' }),
  entry(3, T0 + 30_040, {
    type: 'renewed',
    transport: 'iframe',
    durationMs: 40,
    accessTokenExpiresAt: T0 + 90_040,
  }),
  entry(4, T0 + 60_000, { type: 'renew_started', transport: 'web_message', trigger: 'scheduled' }),
  entry(5, T0 + 60_600, {
    type: 'renew_failed',
    transport: 'web_message',
    durationMs: 600,
    failure: { reason: 'login_required', error: 'login_required', description: null },
  }),
];

describe('buildTokenTimeline', () => {
  it('draws one bar per access token from issue to expiry, and the current one marked', () => {
    const model = buildTokenTimeline({
      timeline,
      now: T0 + 61_000,
      currentAccessTokenExpiresAt: T0 + 90_040,
    });
    expect(model.bars).toEqual([
      expect.objectContaining({
        kind: 'access',
        start: T0,
        end: T0 + 60_000,
        origin: 'signed in via redirect',
        current: false,
      }),
      expect.objectContaining({
        kind: 'access',
        start: T0 + 30_040,
        end: T0 + 90_040,
        origin: 'renewed via iframe',
        current: true,
      }),
    ]);
  });

  it('adds the ID token bars it knows of', () => {
    const lives = new Map([[T0 + 60_000, { issuedAt: T0 - 1_000, expiresAt: T0 + 3_600_000 }]]);
    const model = buildTokenTimeline({ timeline, idTokenLives: lives, now: T0 });
    expect(model.bars.filter((bar) => bar.kind === 'id')).toEqual([
      expect.objectContaining({ start: T0 - 1_000, end: T0 + 3_600_000 }),
    ]);
  });

  it('marks renewals with transport and duration, failures with their reason', () => {
    const model = buildTokenTimeline({ timeline, now: T0 + 61_000 });
    expect(
      model.marks.map(({ kind, transport, durationMs, reason }) => ({
        kind,
        transport,
        durationMs,
        reason,
      })),
    ).toEqual([
      { kind: 'signed_in', transport: undefined, durationMs: undefined, reason: undefined },
      { kind: 'renewed', transport: 'iframe', durationMs: 40, reason: undefined },
      { kind: 'failed', transport: 'web_message', durationMs: 600, reason: 'login_required' },
    ]);
  });

  it("puts the lab's own renewals in their own lane, in time order", () => {
    const model = buildTokenTimeline({
      timeline,
      labRenewals: [
        {
          at: T0 + 10_000,
          transport: 'iframe',
          durationMs: 900,
          ok: false,
          reason: 'third_party_cookies_blocked',
          label: 'Cross-site',
        },
      ],
      now: T0 + 61_000,
    });
    const lab = model.marks.filter((mark) => mark.lane === 'lab');
    expect(lab).toEqual([
      expect.objectContaining({
        kind: 'failed',
        reason: 'third_party_cookies_blocked',
        at: T0 + 10_000,
      }),
    ]);
    expect(model.marks.map((mark) => mark.at)).toEqual(
      [...model.marks.map((mark) => mark.at)].sort((a, b) => a - b),
    );
  });

  it('fits the events and now by default, letting long tokens run off the right edge', () => {
    const fit = buildTokenTimeline({ timeline, now: T0 + 61_000 });
    expect(fit.start).toBeLessThan(T0);
    expect(fit.end).toBeGreaterThan(T0 + 61_000);
    expect(fit.end).toBeLessThan(T0 + 90_040);
  });

  it('spans every whole token life with "all", the recent past with a number', () => {
    const all = buildTokenTimeline({ timeline, now: T0 + 61_000, range: 'all' });
    expect(all.end).toBeGreaterThan(T0 + 90_040);
    const recent = buildTokenTimeline({ timeline, now: T0 + 61_000, range: 20_000 });
    expect(recent.start).toBeGreaterThan(T0 + 40_000);
    expect(recent.end).toBeGreaterThan(T0 + 61_000);
  });

  it('shows at least half a minute even for one event', () => {
    const one = buildTokenTimeline({ timeline: timeline.slice(0, 1), now: T0 + 100 });
    expect(one.end - one.start).toBeGreaterThanOrEqual(MIN_FIT_SPAN_MS);
  });

  it('has a range even with nothing in it', () => {
    const empty = buildTokenTimeline({ timeline: [], now: T0 });
    expect(empty.end).toBeGreaterThan(empty.start);
    expect(empty.bars).toEqual([]);
  });

  it('draws a silent sign-in answered login_required as signed out, other answers as failures', () => {
    const failure = (reason: string) => ({ reason, error: null, description: null });
    const model = buildTokenTimeline({
      timeline: [
        entry(1, T0, { type: 'silent_login_failed', failure: failure('login_required') }),
        entry(2, T0 + 1_000, { type: 'silent_login_failed', failure: failure('network_error') }),
      ],
      now: T0 + 2_000,
    });
    expect(model.marks.map(({ kind, label }) => [kind, label])).toEqual([
      ['logged_out', 'no server session: signed out'],
      ['failed', 'silent sign-in failed: network_error'],
    ]);
  });
});
