import { describe, expect, it } from 'vitest';
import type { TimelineMark } from '../../lab/tokenTimelineModel.ts';
import {
  axisTicks,
  boxesOverlap,
  clusterLabel,
  clusterMarks,
  fitSpan,
  placeLabels,
  xOf,
} from './tokenTimelineGeometry.ts';

describe('xOf and axisTicks', () => {
  it('maps time to x, clamped to the chart', () => {
    const range = { start: 0, end: 100 };
    expect(xOf(range, 50, 400)).toBe(200);
    expect(xOf(range, -5, 400)).toBe(0);
    expect(xOf(range, 500, 400)).toBe(400);
  });

  it('picks round steps', () => {
    expect(axisTicks(0, 60_000)).toEqual([0, 10_000, 20_000, 30_000, 40_000, 50_000, 60_000]);
    expect(axisTicks(1_000, 3_600_000, 4).every((tick) => tick % 900_000 === 0)).toBe(true);
  });
});

const mark = (at: number, fields: Partial<TimelineMark> = {}): TimelineMark => ({
  key: `m${at}`,
  at,
  kind: 'renewed',
  lane: 'lab',
  transport: 'iframe',
  durationMs: 30,
  label: 'x',
  ...fields,
});

describe('clusterMarks and clusterLabel', () => {
  const toX = (time: number) => time;

  it('draws marks a few pixels apart as one, per lane and kind', () => {
    const clusters = clusterMarks(
      [
        mark(0),
        mark(3, { durationMs: 50 }),
        mark(4, { kind: 'failed', reason: 'frame_blocked' }),
        mark(20),
      ],
      toX,
    );
    expect(clusters.map((cluster) => [cluster.kind, cluster.marks.length])).toEqual([
      ['renewed', 2],
      ['failed', 1],
      ['renewed', 1],
    ]);
    expect(clusterLabel(clusters[0] as (typeof clusters)[0])).toBe('2× renewed, 30–50 ms');
    expect(clusterLabel(clusters[1] as (typeof clusters)[0])).toBe('✗ frame_blocked');
    expect(clusterLabel(clusters[2] as (typeof clusters)[0])).toBe('iframe 30 ms');
  });

  it('names every reason of clustered failures', () => {
    const [cluster] = clusterMarks(
      [
        mark(0, { kind: 'failed', reason: 'login_required' }),
        mark(1, { kind: 'failed', reason: 'frame_blocked' }),
      ],
      toX,
    );
    expect(clusterLabel(cluster as NonNullable<typeof cluster>)).toBe(
      '✗ 2× login_required, frame_blocked',
    );
  });
});

describe('placeLabels', () => {
  it('places failures first, so they keep their label when space runs out', () => {
    expect(
      placeLabels(
        [
          { x: 50, width: 60 },
          { x: 60, width: 60, priority: 1 },
        ],
        1,
      ),
    ).toEqual([null, 0]);
  });

  it('puts overlapping labels on the next row, and drops what does not fit', () => {
    expect(
      placeLabels(
        [
          { x: 50, width: 60 },
          { x: 70, width: 60 },
          { x: 90, width: 60 },
          { x: 200, width: 60 },
        ],
        2,
      ),
    ).toEqual([0, 1, null, 0]);
  });
});

describe('fitSpan', () => {
  it('keeps a label centred on its mark when it has room', () => {
    expect(fitSpan(100, 40, 0, 390)).toBe(100);
  });

  it('moves an edge label inwards just enough to stay whole', () => {
    // "✗ frame_blocked" at the right edge, "14:32:50" at the left.
    expect(fitSpan(388, 80, 2, 388)).toBe(348);
    expect(fitSpan(3, 50, 2, 388)).toBe(27);
  });

  it('centres a label wider than the drawing (it cannot fit whole anyway)', () => {
    expect(fitSpan(10, 500, 0, 390)).toBe(195);
  });
});

describe('boxesOverlap', () => {
  const box = (x: number, y: number, width = 10, height = 10) => ({ x, y, width, height });

  it('finds boxes sharing area, as "now" on "iframe 122 ms" did', () => {
    expect(boxesOverlap(box(0, 0), box(5, 5))).toBe(true);
    expect(boxesOverlap(box(0, 0, 100, 10), box(40, 2, 20, 10))).toBe(true);
  });

  it('tells apart boxes side by side, one above the other, or only touching', () => {
    expect(boxesOverlap(box(0, 0), box(10, 0))).toBe(false);
    expect(boxesOverlap(box(0, 0), box(0, 10))).toBe(false);
    expect(boxesOverlap(box(0, 0), box(50, 50))).toBe(false);
  });
});
