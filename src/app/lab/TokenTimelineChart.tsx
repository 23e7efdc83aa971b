import { useId, useMemo, useState } from 'react';
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
import { formatClockTime } from '../formatTime.ts';
import { useNow } from '../useNow.ts';
import { labResults } from './labResults.ts';
import {
  axisTicks,
  clusterLabel,
  clusterMarks,
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

const WIDTH = 860;
const LABEL_WIDTH = 128;
const PLOT = WIDTH - LABEL_WIDTH - 12;
const AXIS = 28;
const BAR = 12;
const GAP = 6;
const LABEL_ROWS = 3;
const LABEL_LINE = 12;
const MARK_LANE = 18 + LABEL_ROWS * LABEL_LINE;
/** Room a bar needs for its "until hh:mm:ss →" label. */
const CONTINUES_WIDTH = 96;
/** Roughly the width of one character of a 10 px label. */
const CHAR_WIDTH = 5.6;

const hhmmss = (time: number) => formatClockTime(time).slice(0, 8);

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
  const accessTop = AXIS + 8;
  const idTop = accessTop + laneHeight(rows.access.length) + 10;
  const sessionTop = idTop + laneHeight(rows.id.length) + 10;
  const labTop = sessionTop + MARK_LANE + 6;
  const height = labTop + MARK_LANE + 8;
  const x = (time: number) => LABEL_WIDTH + xOf(model, time, PLOT);
  const inView = (mark: TimelineMark) => mark.at >= model.start && mark.at <= model.end;
  const clusters = clusterMarks(model.marks.filter(inView), x);
  const failures = model.marks.filter((mark) => mark.kind === 'failed');
  const renewals = model.marks.filter((mark) => mark.kind === 'renewed');
  const empty = model.bars.length === 0 && model.marks.length === 0;

  const barRow = (bars: TokenBar[], top: number) =>
    bars.map((bar, index) => {
      if (bar.end < model.start || bar.start > model.end) return null;
      const left = x(bar.start);
      const right = x(bar.end);
      const y = top + GAP + (index % 2) * (BAR + GAP);
      return (
        <g
          key={bar.key}
          className={`bar bar-${bar.kind}${bar.current ? ' bar-current' : ''}${bar.end < now ? ' bar-expired' : ''}`}
        >
          <title>{`${bar.kind === 'access' ? 'Access' : 'ID'} token (${bar.origin}): ${hhmmss(bar.start)} → ${hhmmss(bar.end)}${bar.current ? ', current' : ''}`}</title>
          <rect x={left} y={y} width={Math.max(2, right - left)} height={BAR} rx={3} />
          {bar.end > model.end && right - left >= CONTINUES_WIDTH && (
            <text
              x={LABEL_WIDTH + PLOT - 4}
              y={y + BAR - 2}
              textAnchor="end"
              className="bar-continues"
            >
              until {hhmmss(bar.end)} →
            </text>
          )}
        </g>
      );
    });

  const markLane = (lane: TimelineMark['lane'], top: number) => {
    const inLane = clusters.filter((cluster) => cluster.lane === lane);
    const labels = inLane.map((cluster) => clusterLabel(cluster));
    const placed = placeLabels(
      inLane.map((cluster, index) => ({
        x: x(cluster.at),
        width: (labels[index]?.length ?? 0) * CHAR_WIDTH,
        priority: cluster.kind === 'failed' ? 1 : 0,
      })),
      LABEL_ROWS,
    );
    return inLane.map((cluster: MarkCluster, index) => {
      const mx = x(cluster.at);
      const row = placed[index];
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
            {cluster.marks.map((mark) => `${hhmmss(mark.at)} ${mark.label}`).join('\n')}
          </title>
          <Glyph kind={cluster.kind} x={mx} y={top + 10} />
          {row !== null && row !== undefined && (
            <text
              x={mx}
              y={top + 28 + row * LABEL_LINE}
              textAnchor="middle"
              className={cluster.kind === 'failed' ? 'mark-label mark-label-failed' : 'mark-label'}
            >
              {labels[index]}
            </text>
          )}
        </g>
      );
    });
  };

  return (
    <section
      className="lab-panel timeline-chart"
      aria-labelledby="token-timeline-heading"
      data-testid="token-timeline"
    >
      <div className="panel-heading">
        <h2 id="token-timeline-heading">Token timeline</h2>
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
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        role="img"
        aria-labelledby={`${titleId} ${descId}`}
        className="timeline-svg"
        data-testid="token-timeline-svg"
      >
        <title id={titleId}>Token timeline</title>
        <desc id={descId}>
          {`${rows.access.length} access token${rows.access.length === 1 ? '' : 's'} and ${rows.id.length} ID token${rows.id.length === 1 ? '' : 's'} as bars from issue to expiry; ${renewals.length} renewal${renewals.length === 1 ? '' : 's'} and ${failures.length} failure${failures.length === 1 ? '' : 's'} as marks${failures.length ? ` (${[...new Set(failures.map((mark) => mark.reason))].join(', ')})` : ''}. The table below has the same data.`}
        </desc>
        {axisTicks(model.start, model.end).map((tick) => (
          <g key={tick} className="tick">
            <line x1={x(tick)} x2={x(tick)} y1={AXIS - 6} y2={height - 4} />
            <text x={x(tick)} y={AXIS - 10} textAnchor="middle">
              {hhmmss(tick)}
            </text>
          </g>
        ))}
        <text x={8} y={accessTop + 16} className="lane-label">
          Access tokens
        </text>
        <text x={8} y={idTop + 16} className="lane-label">
          ID tokens
        </text>
        <text x={8} y={sessionTop + 14} className="lane-label">
          This tab
        </text>
        <text x={8} y={labTop + 14} className="lane-label">
          Lab experiments
        </text>
        {barRow(rows.access, accessTop)}
        {barRow(rows.id, idTop)}
        {markLane('session', sessionTop)}
        {markLane('lab', labTop)}
        <g className="now-line">
          <line x1={x(now)} x2={x(now)} y1={AXIS - 4} y2={height - 4} />
          <text x={x(now) + 4} y={height - 6}>
            now
          </text>
        </g>
      </svg>
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
      detail: `${bar.origin}; valid until ${formatClockTime(bar.end)}${bar.end < now ? ' (expired)' : ''}`,
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
