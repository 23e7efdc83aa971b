import type { MarkKind, TimelineMark, TokenTimelineModel } from '../../lab/tokenTimelineModel.ts';

/* The token timeline chart's pixel geometry: where marks, labels and ticks fall on the drawing. */

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

/**
 * The centre for a label `width` wide that wants to sit centred on `x` but must stay whole
 * between `min` and `max` (the drawing's edges): moved inwards as little as needed.
 */
export function fitSpan(x: number, width: number, min: number, max: number): number {
  const half = width / 2;
  if (width >= max - min) return (min + max) / 2;
  return Math.min(max - half, Math.max(min + half, x));
}

/** Whether two boxes share any area (touching edges do not). */
export const boxesOverlap = (
  a: { x: number; y: number; width: number; height: number },
  b: { x: number; y: number; width: number; height: number },
): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

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
