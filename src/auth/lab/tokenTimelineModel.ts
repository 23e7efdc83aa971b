import type { TimelineEntry } from '../authMachine.ts';
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
        marks.push({
          key: keyOf(entry, 'mark'),
          at: entry.at,
          kind: 'failed',
          lane: 'session',
          reason: entry.failure.reason,
          label: `silent sign-in failed: ${entry.failure.reason}`,
        });
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

/** Marks of one lane and kind drawn as one glyph: they fall within a few pixels of each other. */
export interface MarkCluster {
  key: string;
  lane: TimelineMark['lane'];
  kind: MarkKind;
  at: number;
  marks: TimelineMark[];
}

/** Groups marks closer than `minGapPx` on the chart (per lane and kind), in time order. */
export function clusterMarks(
  marks: readonly TimelineMark[],
  toX: (time: number) => number,
  minGapPx = 8,
): MarkCluster[] {
  const clusters: MarkCluster[] = [];
  const open = new Map<string, { cluster: MarkCluster; x: number }>();
  for (const mark of [...marks].sort((a, b) => a.at - b.at)) {
    const group = `${mark.lane}/${mark.kind}`;
    const x = toX(mark.at);
    const current = open.get(group);
    if (current && x - current.x < minGapPx) {
      current.cluster.marks.push(mark);
      continue;
    }
    const cluster: MarkCluster = {
      key: mark.key,
      lane: mark.lane,
      kind: mark.kind,
      at: mark.at,
      marks: [mark],
    };
    clusters.push(cluster);
    open.set(group, { cluster, x });
  }
  return clusters;
}

export const MARK_WORDS: Record<MarkKind, string> = {
  renewed: 'renewed',
  failed: 'failed',
  signed_in: 'signed in',
  logged_out: 'logged out',
  expired: 'expired',
};

/** The short label drawn under a cluster's glyph (failures always name their reason). */
export function clusterLabel({ kind, marks }: MarkCluster): string {
  const [first] = marks;
  if (marks.length === 1 && first) {
    if (kind === 'failed') return `✗ ${first.reason ?? 'failed'}`;
    if (kind === 'renewed' && first.transport) return `${first.transport} ${first.durationMs} ms`;
    return MARK_WORDS[kind];
  }
  if (kind === 'failed') {
    const reasons = [...new Set(marks.map((mark) => mark.reason ?? 'failed'))];
    return `✗ ${marks.length}× ${reasons.join(', ')}`;
  }
  if (kind === 'renewed') {
    const times = marks.map((mark) => mark.durationMs ?? 0);
    return `${marks.length}× renewed, ${Math.min(...times)}–${Math.max(...times)} ms`;
  }
  return `${marks.length}× ${MARK_WORDS[kind]}`;
}

/**
 * A row for each label: the first of `rows` rows where it overlaps no label placed before it;
 * null when none has room (the glyph's tooltip and the table still say it). Labels with a higher
 * `priority` (failures) are placed first, so they are the last to go.
 */
export function placeLabels(
  labels: readonly { x: number; width: number; priority?: number }[],
  rows: number,
): (number | null)[] {
  const taken: [number, number][][] = Array.from({ length: rows }, () => []);
  const placed: (number | null)[] = labels.map(() => null);
  const order = labels
    .map((label, index) => ({ ...label, index }))
    .sort((a, b) => (b.priority ?? 0) - (a.priority ?? 0) || a.x - b.x);
  for (const { x, width, index } of order) {
    const left = x - width / 2 - 2;
    const right = x + width / 2 + 2;
    const row = taken.findIndex((spans) =>
      spans.every(([from, to]) => right <= from || left >= to),
    );
    if (row < 0) continue;
    taken[row]?.push([left, right]);
    placed[index] = row;
  }
  return placed;
}

/** Where `time` falls across a chart `width` wide, clamped to it. */
export const xOf = (
  model: Pick<TokenTimelineModel, 'start' | 'end'>,
  time: number,
  width: number,
): number =>
  Math.min(width, Math.max(0, ((time - model.start) / (model.end - model.start)) * width));

/** Round-number tick times for the axis, about `count` of them. */
export function axisTicks(start: number, end: number, count = 6): number[] {
  const span = end - start;
  const steps = [
    1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000,
    1_800_000, 3_600_000, 7_200_000,
  ];
  const step =
    steps.find((candidate) => span / candidate <= count) ??
    3_600_000 * Math.ceil(span / count / 3_600_000);
  const ticks: number[] = [];
  for (let tick = Math.ceil(start / step) * step; tick <= end; tick += step) ticks.push(tick);
  return ticks;
}
