import { memo } from 'react';
import type { TimelineEntry } from '../auth/authMachine.ts';
import { useAuth } from './AuthContext.tsx';
import { describeTimelineEntry } from './describeTimelineEntry.ts';
import { formatClockTime } from './formatTime.ts';

const SHOWN = 50;

/** The in-memory timeline of session events, newest first. */
export function Timeline() {
  const timeline = useAuth((state) => state.timeline);
  const entries = timeline.slice(-SHOWN).reverse();
  return (
    <section className="timeline" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">Session timeline</h2>
      {entries.length === 0 ? (
        <p className="muted">Nothing has happened yet in this tab.</p>
      ) : (
        <ol reversed data-testid="timeline">
          {entries.map((entry) => (
            <TimelineItem key={entry.seq} entry={entry} />
          ))}
        </ol>
      )}
    </section>
  );
}

/**
 * One line. Recorded entries never change, so an event renders its own line only, not the 50
 * already shown: the page renders on the main thread a silent renewal's frame needs. The
 * line's number is the entry's sequence number, so the lines already shown keep theirs (and
 * their layout and paint) when a new one comes in above them.
 */
const TimelineItem = memo(function TimelineItem({ entry }: { entry: TimelineEntry }) {
  return (
    <li
      value={entry.seq}
      data-testid="timeline-entry"
      data-type={entry.type}
      data-reason={
        'failure' in entry
          ? entry.failure.reason
          : entry.type === 'renew_retry_scheduled'
            ? entry.after
            : undefined
      }
      data-decided-by={'failure' in entry ? entry.failure.decidedBy : undefined}
      data-storage-access={'failure' in entry ? entry.failure.storageAccess : undefined}
      data-attempt={'attempt' in entry ? entry.attempt : undefined}
      data-delay-ms={'delayMs' in entry ? entry.delayMs : undefined}
      data-trigger={'trigger' in entry ? entry.trigger : undefined}
      data-duration-ms={'durationMs' in entry ? entry.durationMs : undefined}
      data-transport={'transport' in entry ? entry.transport : undefined}
      data-expires-at={entry.accessTokenExpiresAt}
    >
      <time dateTime={new Date(entry.at).toISOString()}>{formatClockTime(entry.at)}</time>{' '}
      <span>{describeTimelineEntry(entry)}</span>{' '}
      {entry.from !== entry.to && (
        <span className="transition">
          {entry.from} → {entry.to}
        </span>
      )}
    </li>
  );
});
