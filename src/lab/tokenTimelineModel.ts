import type { TimelineEntry } from '../auth/authMachine.ts';
import type { LabRenewalMark } from './labRecord.ts';

/** One token's life, from issue to expiry. */
export interface TokenBar {
  key: string;
  kind: 'access' | 'id';
  start: number;
  end: number;
  /** How the token came: "signed in via redirect", "renewed via iframe"... */
  origin: string;
  /** The token the session holds now. */
  current: boolean;
}

export type MarkKind = 'renewed' | 'failed' | 'signed_in' | 'logged_out' | 'expired';

export interface TimelineMark {
  key: string;
  at: number;
  kind: MarkKind;
  /** The app's session, or a lab experiment's own one-off request. */
  lane: 'session' | 'lab';
  transport?: string;
  durationMs?: number;
  /** Why it failed, in the failure's own word (login_required...). */
  reason?: string;
  label: string;
}

export interface IdTokenLife {
  issuedAt: number;
  expiresAt: number;
}

export interface TokenTimelineModel {
  start: number;
  end: number;
  now: number;
  bars: TokenBar[];
  marks: TimelineMark[];
}

const ORIGIN_WORDS: Partial<Record<TimelineEntry['type'], (entry: TimelineEntry) => string>> = {
  signed_in: (entry) =>
    entry.type === 'signed_in'
      ? entry.via === 'other_tab'
        ? 'signed in with another tab’s tokens'
        : `signed in via ${entry.via}`
      : '',
  renewed: (entry) => (entry.type === 'renewed' ? `renewed via ${entry.transport}` : ''),
  tokens_shared: () => 'shared by another tab',
};

/** What the chart spans: fitted to what happened, the last milliseconds, or every token's whole life. */
export type TimelineRange = 'fit' | 'all' | number;

/** The shortest span the fitted range shows, so a few marks do not fill the whole width. */
export const MIN_FIT_SPAN_MS = 30_000;

/** Ids for the keys of bars and marks: unique per timeline entry. */
const keyOf = (entry: TimelineEntry, suffix: string) => `${entry.seq}-${suffix}`;

/**
 * The data of the token timeline chart, from the session's timeline (and the ID token lives seen
 * while the lab was open, and the lab's own renewals): one bar per access token and ID token from
 * issue to expiry, a mark per renewal (transport, duration) and per failure (reason). The
 * range is fitted to the events and now (long-lived tokens run off its right edge), or covers the
 * last `range` milliseconds, or `all` of every token's life.
 */
export function buildTokenTimeline({
  timeline,
  idTokenLives = new Map(),
  labRenewals = [],
  currentAccessTokenExpiresAt = null,
  now,
  range = 'fit',
}: {
  timeline: readonly TimelineEntry[];
  /** By the access token's expiry (the session's key). */
  idTokenLives?: ReadonlyMap<number, IdTokenLife>;
  labRenewals?: readonly LabRenewalMark[];
  currentAccessTokenExpiresAt?: number | null;
  now: number;
  range?: TimelineRange;
}): TokenTimelineModel {
  const bars: TokenBar[] = [];
  const marks: TimelineMark[] = [];
  const seenTokens = new Set<number>();
  for (const entry of timeline) {
    const describe = ORIGIN_WORDS[entry.type];
    if (
      describe &&
      entry.accessTokenExpiresAt !== undefined &&
      !seenTokens.has(entry.accessTokenExpiresAt)
    ) {
      seenTokens.add(entry.accessTokenExpiresAt);
      const current = entry.accessTokenExpiresAt === currentAccessTokenExpiresAt;
      bars.push({
        key: keyOf(entry, 'access'),
        kind: 'access',
        start: entry.at,
        end: entry.accessTokenExpiresAt,
        origin: describe(entry),
        current,
      });
      const idLife = idTokenLives.get(entry.accessTokenExpiresAt);
      if (idLife) {
        bars.push({
          key: keyOf(entry, 'id'),
          kind: 'id',
          start: idLife.issuedAt,
          end: idLife.expiresAt,
          origin: describe(entry),
          current,
        });
      }
    }
    switch (entry.type) {
      case 'renewed':
        marks.push({
          key: keyOf(entry, 'mark'),
          at: entry.at,
          kind: 'renewed',
          lane: 'session',
          transport: entry.transport,
          durationMs: entry.durationMs,
          label: `renewed via ${entry.transport} in ${entry.durationMs} ms`,
        });
        break;
      case 'renew_failed':
        marks.push({
          key: keyOf(entry, 'mark'),
          at: entry.at,
          kind: 'failed',
          lane: 'session',
          transport: entry.transport,
          durationMs: entry.durationMs,
          reason: entry.failure.reason,
          label: `renewal via ${entry.transport} failed after ${entry.durationMs} ms: ${entry.failure.reason}`,
        });
        break;
      case 'silent_login_failed':
        // login_required is the server saying "no session": signed out, not a fault.
        marks.push(
          entry.failure.reason === 'login_required'
            ? {
                key: keyOf(entry, 'mark'),
                at: entry.at,
                kind: 'logged_out',
                lane: 'session',
                label: 'no server session: signed out',
              }
            : {
                key: keyOf(entry, 'mark'),
                at: entry.at,
                kind: 'failed',
                lane: 'session',
                reason: entry.failure.reason,
                label: `silent sign-in failed: ${entry.failure.reason}`,
              },
        );
        break;
      case 'login_failed':
        marks.push({
          key: keyOf(entry, 'mark'),
          at: entry.at,
          kind: 'failed',
          lane: 'session',
          reason: entry.failure.reason,
          label: `sign-in failed: ${entry.failure.reason}`,
        });
        break;
      case 'signed_in':
        marks.push({
          key: keyOf(entry, 'mark'),
          at: entry.at,
          kind: 'signed_in',
          lane: 'session',
          label: ORIGIN_WORDS.signed_in?.(entry) ?? 'signed in',
        });
        break;
      case 'logged_out':
        marks.push({
          key: keyOf(entry, 'mark'),
          at: entry.at,
          kind: 'logged_out',
          lane: 'session',
          label: entry.initiator === 'user' ? 'logged out' : 'logged out in another tab',
        });
        break;
      case 'access_token_expired':
        marks.push({
          key: keyOf(entry, 'mark'),
          at: entry.at,
          kind: 'expired',
          lane: 'session',
          label: 'access token expired',
        });
        break;
    }
  }
  labRenewals.forEach((renewal, index) => {
    marks.push({
      key: `lab-${index}-${renewal.at}`,
      at: renewal.at,
      kind: renewal.ok ? 'renewed' : 'failed',
      lane: 'lab',
      transport: renewal.transport,
      durationMs: renewal.durationMs,
      ...(renewal.reason ? { reason: renewal.reason } : {}),
      label: `${renewal.label}: ${renewal.ok ? 'tokens' : (renewal.reason ?? 'failed')} via ${renewal.transport} in ${renewal.durationMs} ms`,
    });
  });
  marks.sort((a, b) => a.at - b.at);

  let start: number;
  let end: number;
  if (range === 'all') {
    const times = [
      now,
      ...bars.flatMap((bar) => [bar.start, bar.end]),
      ...marks.map((mark) => mark.at),
    ];
    start = Math.min(...times);
    end = Math.max(...times);
  } else if (range === 'fit') {
    const times = [now, ...bars.map((bar) => bar.start), ...marks.map((mark) => mark.at)];
    end = Math.max(...times);
    start = Math.min(Math.min(...times), end - MIN_FIT_SPAN_MS);
    end += (end - start) * 0.08;
  } else {
    start = now - range;
    end = now + range / 8;
  }
  // Some room on both sides, and never an empty range.
  const pad = Math.max((end - start) * 0.02, 500);
  return { start: start - pad, end: end + pad, now, bars, marks };
}
