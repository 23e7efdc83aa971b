import { useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import type { AuthStore } from '../../auth/authStore.ts';
import { recordIdTokenLives } from '../../lab/recordIdTokenLives.ts';
import {
  buildTokenTimeline,
  type MarkKind,
  type TimelineMark,
  type TimelineRange,
  type TokenBar,
} from '../../lab/tokenTimelineModel.ts';
import { useAuth } from '../AuthContext.tsx';
import { formatClockTime, formatDateTime, formatTimeOfDay } from '../formatTime.ts';
import { RenewalControls } from '../RenewalControls.tsx';
import { useNow } from '../useNow.ts';
import { labResults } from './labResults.ts';
import { measureTextWidth } from './measureTextWidth.ts';
import {
  axisTicks,
  clusterLabel,
  clusterMarks,
  fitSpan,
  MARK_WORDS,
  type MarkCluster,
  placeLabels,
  xOf,
} from './tokenTimelineGeometry.ts';

const RANGES: Record<string, { text: string; range: TimelineRange }> = {
  fit: { text: 'Fitted to what happened', range: 'fit' },
  '5min': { text: 'Last 5 minutes', range: 300_000 },
  all: { text: 'Whole token lives', range: 'all' },
};

/** Token sets shown as bars: the newest ones (the table lists them all). */
const MAX_TOKEN_SETS = 6;

/** The drawing's width before the panel is measured (and in a test without layout). */
const DEFAULT_WIDTH = 860;
/** Narrower than this, lane names go above their lane instead of beside it. */
const NARROW = 600;
const LABEL_WIDTH = 128;
const EDGE = 8;
const AXIS = 28;
const BAR = 12;
const GAP = 6;
const LABEL_ROWS = 3;
const LABEL_LINE = 13;
const MARK_LANE = 20 + LABEL_ROWS * LABEL_LINE;
/** Above each lane in the narrow layout: the lane's name. */
const LANE_TITLE = 16;
/** Font sizes (px) of the chart's texts, as in lab.css: labels are placed by measured widths. */
const TICK_FONT = 11;
const MARK_FONT = 11;
const BAR_FONT = 10;
/** Axis labels about this far apart. */
const TICK_SPACING = 90;

/** The panel's width in pixels, followed as the window changes: the chart draws at 1:1. */
function useWidth() {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(DEFAULT_WIDTH);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const update = () => {
      if (element.clientWidth > 0) setWidth(Math.floor(element.clientWidth));
    };
    update();
    const observer = new ResizeObserver(update);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width] as const;
}

function Glyph({ kind, x, y }: { kind: MarkKind; x: number; y: number }) {
  switch (kind) {
    case 'renewed':
      return <circle cx={x} cy={y} r={5} className="shape shape-renewed" />;
    case 'failed':
      return (
        <path
          d={`M${x - 5} ${y - 5} L${x + 5} ${y + 5} M${x + 5} ${y - 5} L${x - 5} ${y + 5}`}
          className="shape shape-failed"
        />
      );
    case 'signed_in':
      return (
        <path
          d={`M${x} ${y - 6} L${x + 6} ${y} L${x} ${y + 6} L${x - 6} ${y} Z`}
          className="shape shape-signed_in"
        />
      );
    case 'logged_out':
      return <rect x={x - 5} y={y - 5} width={10} height={10} className="shape shape-logged_out" />;
    case 'expired':
      return (
        <path
          d={`M${x} ${y - 6} L${x + 6} ${y + 5} L${x - 6} ${y + 5} Z`}
          className="shape shape-expired"
        />
      );
  }
}

/**
 * The token timeline: each access and ID token as a bar from issue to expiry, renewals as marks
 * with their transport and duration, failures as red crosses with their reason — the session's
 * and the lab experiments' own. Live (redrawn every second). The same data as a table below.
 */
export function TokenTimelineChart({ store }: { store: AuthStore }) {
  const titleId = useId();
  const descId = useId();
  const rangeId = useId();
  const [widthRef, width] = useWidth();
  const [rangeChoice, setRangeChoice] = useState('fit');
  const now = useNow(1000);
  const timeline = useAuth((state) => state.timeline);
  const current = useAuth((state) => state.session?.accessTokenExpiresAt ?? null);
  const records = useStore(labResults, (state) => state.records);
  const idTokenLives = useMemo(() => recordIdTokenLives(store), [store]);
  const labRenewals = useMemo(
    () => Object.values(records).flatMap((record) => record?.renewals ?? []),
    [records],
  );
  const model = buildTokenTimeline({
    timeline,
    idTokenLives,
    labRenewals,
    currentAccessTokenExpiresAt: current,
    now,
    range: RANGES[rangeChoice]?.range ?? 'fit',
  });

  const newestSets = new Set(
    model.bars
      .filter((bar) => bar.kind === 'access')
      .slice(-MAX_TOKEN_SETS)
      .map((bar) => bar.key.replace(/-access$/, '')),
  );
  const shown = model.bars.filter((bar) => newestSets.has(bar.key.replace(/-(access|id)$/, '')));
  const rows = {
    access: shown.filter((bar) => bar.kind === 'access'),
    id: shown.filter((bar) => bar.kind === 'id'),
  };
  const laneHeight = (count: number) => Math.max(1, Math.min(count, 2)) * (BAR + GAP) + GAP;
  const narrow = width < NARROW;
  const title = narrow ? LANE_TITLE : 0;
  const plotLeft = narrow ? EDGE : LABEL_WIDTH;
  const plotWidth = width - EDGE - plotLeft;
  const accessTop = AXIS + 8 + title;
  const idTop = accessTop + laneHeight(rows.access.length) + 10 + title;
  const sessionTop = idTop + laneHeight(rows.id.length) + 10 + title;
  const labTop = sessionTop + MARK_LANE + 6 + title;
  // "now" has a row of its own under the lanes: it never lands on a mark's label.
  const nowBaseline = labTop + MARK_LANE + 12;
  const height = nowBaseline + 5;
  const x = (time: number) => plotLeft + xOf(model, time, plotWidth);
  /** A label's centre near `at`, moved inwards so that it stays whole on the drawing. */
  const centreWithin = (at: number, textWidth: number) => fitSpan(at, textWidth, 2, width - 2);
  const inView = (mark: TimelineMark) => mark.at >= model.start && mark.at <= model.end;
  const clusters = clusterMarks(model.marks.filter(inView), x);
  const failures = model.marks.filter((mark) => mark.kind === 'failed');
  const renewals = model.marks.filter((mark) => mark.kind === 'renewed');
  const empty = model.bars.length === 0 && model.marks.length === 0;

  const ticks = axisTicks(
    model.start,
    model.end,
    Math.max(2, Math.floor(plotWidth / TICK_SPACING)),
  );
  const tickLabels = ticks.map((tick) => {
    const text = formatTimeOfDay(tick);
    const textWidth = measureTextWidth(text, TICK_FONT);
    return { text, x: centreWithin(x(tick), textWidth), width: textWidth };
  });
  const tickRows = placeLabels(tickLabels, 1);
  const nowWidth = measureTextWidth('now', TICK_FONT);
  const nowX = centreWithin(x(now) + 4 + nowWidth / 2, nowWidth);

  const barRow = (bars: TokenBar[], top: number) => {
    // Of the bars that run on past the chart's end, only the newest of each row says until when:
    // older ones lie under it, and two such labels would share one place.
    const labelled = new Set(
      [0, 1].flatMap((row) => {
        const last = bars.filter((bar, index) => index % 2 === row && bar.end > model.end).at(-1);
        return last ? [last.key] : [];
      }),
    );
    return bars.map((bar, index) => {
      if (bar.end < model.start || bar.start > model.end) return null;
      const left = x(bar.start);
      const right = x(bar.end);
      const y = top + GAP + (index % 2) * (BAR + GAP);
      const until = `until ${formatDateTime(bar.end)} →`;
      const showUntil =
        labelled.has(bar.key) && right - left >= measureTextWidth(until, BAR_FONT, 600) + 8;
      return (
        <g
          key={bar.key}
          className={`bar bar-${bar.kind}${bar.current ? ' bar-current' : ''}${bar.end < now ? ' bar-expired' : ''}`}
        >
          <title>{`${bar.kind === 'access' ? 'Access' : 'ID'} token (${bar.origin}): ${formatTimeOfDay(bar.start)} → ${formatDateTime(bar.end)}${bar.current ? ', current' : ''}`}</title>
          <rect x={left} y={y} width={Math.max(2, right - left)} height={BAR} rx={3} />
          {showUntil && (
            <text x={right - 4} y={y + BAR - 2} textAnchor="end" className="bar-continues">
              {until}
            </text>
          )}
        </g>
      );
    });
  };

  const markLane = (lane: TimelineMark['lane'], top: number) => {
    const inLane = clusters.filter((cluster) => cluster.lane === lane);
    const labels = inLane.map((cluster) => {
      const text = clusterLabel(cluster);
      const textWidth = measureTextWidth(text, MARK_FONT, cluster.kind === 'failed' ? 700 : 400);
      return { text, x: centreWithin(x(cluster.at), textWidth), width: textWidth };
    });
    const placed = placeLabels(
      labels.map((label, index) => ({
        ...label,
        priority: inLane[index]?.kind === 'failed' ? 1 : 0,
      })),
      LABEL_ROWS,
    );
    return inLane.map((cluster: MarkCluster, index) => {
      const mx = x(cluster.at);
      const row = placed[index];
      const label = labels[index];
      const reasons = [...new Set(cluster.marks.map((mark) => mark.reason).filter(Boolean))];
      return (
        <g
          key={cluster.key}
          className={`mark mark-${cluster.kind}`}
          data-lane={lane}
          data-count={cluster.marks.length}
          data-reason={reasons.length ? reasons.join(' ') : undefined}
        >
          <title>
            {cluster.marks.map((mark) => `${formatClockTime(mark.at)} ${mark.label}`).join('\n')}
          </title>
          <Glyph kind={cluster.kind} x={mx} y={top + 10} />
          {row !== null && row !== undefined && label && (
            <text
              x={label.x}
              y={top + 31 + row * LABEL_LINE}
              textAnchor="middle"
              className={cluster.kind === 'failed' ? 'mark-label mark-label-failed' : 'mark-label'}
            >
              {label.text}
            </text>
          )}
        </g>
      );
    });
  };

  /** A lane's name: beside the lane, or above it when the chart is narrow. */
  const laneName = (text: string, top: number, offset: number) => (
    <text x={EDGE} y={narrow ? top - 5 : top + offset} className="lane-label">
      {text}
    </text>
  );

  return (
    <section
      className="lab-panel timeline-chart"
      aria-labelledby="token-timeline-heading"
      data-testid="token-timeline"
    >
      <div className="panel-heading">
        <h2 id="token-timeline-heading">Token timeline</h2>
        {/* Renew here too: the renewal appears on the chart as it happens. */}
        <RenewalControls />
        <div className="lab-choice inline">
          <label htmlFor={rangeId}>Time range</label>
          <select
            id={rangeId}
            value={rangeChoice}
            onChange={(event) => setRangeChoice(event.target.value)}
          >
            {Object.entries(RANGES).map(([value, { text }]) => (
              <option key={value} value={value}>
                {text}
              </option>
            ))}
          </select>
        </div>
      </div>
      {empty && (
        <p className="empty-state">
          Nothing to draw yet: sign in, or run an experiment. Tokens, renewals and failures appear
          here as they happen.
        </p>
      )}
      <div ref={widthRef}>
        <svg
          width={width}
          height={height}
          viewBox={`0 0 ${width} ${height}`}
          role="img"
          aria-labelledby={`${titleId} ${descId}`}
          className="timeline-svg"
          data-testid="token-timeline-svg"
          data-layout={narrow ? 'narrow' : 'wide'}
        >
          <title id={titleId}>Token timeline</title>
          <desc id={descId}>
            {`${rows.access.length} access token${rows.access.length === 1 ? '' : 's'} and ${rows.id.length} ID token${rows.id.length === 1 ? '' : 's'} as bars from issue to expiry; ${renewals.length} renewal${renewals.length === 1 ? '' : 's'} and ${failures.length} failure${failures.length === 1 ? '' : 's'} as marks${failures.length ? ` (${[...new Set(failures.map((mark) => mark.reason))].join(', ')})` : ''}. The table below has the same data.`}
          </desc>
          {ticks.map((tick, index) => (
            <g key={tick} className="tick">
              <line x1={x(tick)} x2={x(tick)} y1={AXIS - 6} y2={height - 16} />
              {tickRows[index] === 0 && (
                <text x={tickLabels[index]?.x} y={AXIS - 10} textAnchor="middle">
                  {tickLabels[index]?.text}
                </text>
              )}
            </g>
          ))}
          {laneName('Access tokens', accessTop, 16)}
          {laneName('ID tokens', idTop, 16)}
          {laneName('This tab', sessionTop, 14)}
          {laneName('Lab experiments', labTop, 14)}
          {barRow(rows.access, accessTop)}
          {barRow(rows.id, idTop)}
          {markLane('session', sessionTop)}
          {markLane('lab', labTop)}
          <g className="now-line">
            <line x1={x(now)} x2={x(now)} y1={AXIS - 4} y2={height - 16} />
            <text x={nowX} y={nowBaseline} textAnchor="middle">
              now
            </text>
          </g>
        </svg>
      </div>
      <ul className="legend" aria-label="Legend">
        <li>
          <span className="swatch swatch-access" aria-hidden="true" /> access token
        </li>
        <li>
          <span className="swatch swatch-id" aria-hidden="true" /> ID token
        </li>
        <li>
          <span aria-hidden="true" className="legend-mark ok">
            ●
          </span>{' '}
          renewed (transport, time)
        </li>
        <li>
          <span aria-hidden="true" className="legend-mark bad">
            ✗
          </span>{' '}
          failed (reason, in red)
        </li>
        <li>
          <span aria-hidden="true" className="legend-mark info">
            ◆
          </span>{' '}
          signed in
        </li>
        <li>
          <span aria-hidden="true" className="legend-mark">
            ■
          </span>{' '}
          logged out
        </li>
      </ul>
      <details className="timeline-table">
        <summary>The timeline as a table</summary>
        <TimelineTable bars={model.bars} marks={model.marks} now={now} />
      </details>
    </section>
  );
}

function TimelineTable({
  bars,
  marks,
  now,
}: {
  bars: TokenBar[];
  marks: TimelineMark[];
  now: number;
}) {
  const rows = [
    ...bars.map((bar) => ({
      key: bar.key,
      at: bar.start,
      what: `${bar.kind === 'access' ? 'Access' : 'ID'} token${bar.current ? ' (current)' : ''}`,
      detail: `${bar.origin}; valid until ${formatDateTime(bar.end)}${bar.end < now ? ' (expired)' : ''}`,
      kind: 'token',
      lane: 'session',
    })),
    ...marks.map((mark) => ({
      key: mark.key,
      at: mark.at,
      what: `${MARK_WORDS[mark.kind]}${mark.lane === 'lab' ? ' (lab experiment)' : ''}`,
      detail: mark.label,
      kind: mark.kind,
      lane: mark.lane,
    })),
  ].sort((a, b) => a.at - b.at);
  if (rows.length === 0) return <p className="muted">No rows yet.</p>;
  return (
    <table data-testid="token-timeline-table">
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">What</th>
          <th scope="col">Detail</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr
            key={row.key}
            className={row.kind === 'failed' ? 'row-failed' : undefined}
            data-kind={row.kind}
            data-lane={row.lane}
          >
            <td>
              <time dateTime={new Date(row.at).toISOString()}>{formatClockTime(row.at)}</time>
            </td>
            <td>{row.kind === 'failed' ? <strong>✗ {row.what}</strong> : row.what}</td>
            <td>{row.detail}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
