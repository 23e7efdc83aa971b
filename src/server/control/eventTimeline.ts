import type { Clock } from '../domain/clock.ts';
import type { EventRecorder, TimelineEvent } from '../domain/events.ts';
import { type BoundedLog, createBoundedLog } from './boundedLog.ts';

export type RecordedEvent = TimelineEvent & { seq: number; time: string };

/** The control plane's recorder: it keeps what the domain records, for tests to read back. */
export interface EventTimeline extends EventRecorder {
  list(afterSeq?: number): RecordedEvent[];
  dropped(): number;
  clear(): void;
}

export const EVENT_TIMELINE_LIMIT = 1_000;

/**
 * Bounded: the newest EVENT_TIMELINE_LIMIT events, each stamped with the server's time (kept as
 * a number while requests are served, written out when listed).
 */
export function createEventTimeline(clock: Clock, limit = EVENT_TIMELINE_LIMIT): EventTimeline {
  const log: BoundedLog<{ at: number; event: TimelineEvent }> = createBoundedLog(limit);
  return {
    record(event) {
      log.append({ at: clock.now(), event });
    },
    list: (afterSeq) =>
      log
        .list(afterSeq)
        .map(({ seq, at, event }) => ({ seq, time: new Date(at).toISOString(), ...event })),
    dropped: () => log.dropped(),
    clear: () => log.clear(),
  };
}
