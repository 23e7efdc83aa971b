import { describe, expect, it } from 'vitest';
import type { TimelineMark } from '../../lab/tokenTimelineModel.ts';
import {
  axisTicks,
  clusterLabel,
  clusterMarks,
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
