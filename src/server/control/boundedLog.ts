/** The newest `limit` entries, numbered from 1; older ones are dropped (and counted) so memory stays flat. */
export interface BoundedLog<T> {
  /** Adds an entry and returns it as stored (with its `seq`), so it can be completed later. */
  append(entry: T): T & { seq: number };
  /** Oldest first; only those after `afterSeq` when given. */
  list(afterSeq?: number): (T & { seq: number })[];
  /** How many entries were dropped to stay within the limit since the last clear. */
  dropped(): number;
  clear(): void;
}

export function createBoundedLog<T extends object>(limit: number): BoundedLog<T> {
  let entries: (T & { seq: number })[] = [];
  let nextSeq = 1;
  let dropped = 0;
  return {
    append(entry) {
      const stored = { seq: nextSeq++, ...entry };
      entries.push(stored);
      // Trimmed in batches: one splice per `limit / 10` appends instead of a shift per append.
      if (entries.length > limit + Math.ceil(limit / 10)) {
        const excess = entries.length - limit;
        entries = entries.slice(excess);
        dropped += excess;
      }
      return stored;
    },
    list(afterSeq = 0) {
      const visible = entries.length > limit ? entries.slice(entries.length - limit) : entries;
      return visible.filter((entry) => entry.seq > afterSeq);
    },
    dropped: () => dropped + Math.max(0, entries.length - limit),
    clear() {
      entries = [];
      dropped = 0;
    },
  };
}
