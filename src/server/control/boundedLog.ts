/**
 * The newest `limit` entries, numbered from 1; older ones are dropped (and counted) so memory
 * stays flat. With a byte budget, also only as many of the newest as fit in `maxBytes` by
 * `weigh` (entries are completed after they are appended, so they are weighed when trimmed).
 */
export interface BoundedLog<T> {
  /** Adds an entry and returns it as stored (with its `seq`), so it can be completed later. */
  append(entry: T): T & { seq: number };
  /** Oldest first; only those after `afterSeq` when given. */
  list(afterSeq?: number): (T & { seq: number })[];
  /** How many entries were dropped to stay within the limit since the last clear. */
  dropped(): number;
  clear(): void;
}

export interface ByteBudget<T> {
  maxBytes: number;
  /** About how many bytes an entry holds. */
  weigh(entry: T): number;
}

export function createBoundedLog<T extends object>(
  limit: number,
  budget?: ByteBudget<T>,
): BoundedLog<T> {
  let entries: (T & { seq: number })[] = [];
  let nextSeq = 1;
  let dropped = 0;
  let appendsSinceTrim = 0;
  // Trimmed in batches: one slice per `limit / 10` appends instead of a shift per append.
  const batch = Math.ceil(limit / 10);

  /** How many of the oldest entries are over the limits: the newest that fit are kept. */
  const excess = (): number => {
    const overCount = Math.max(0, entries.length - limit);
    if (!budget) return overCount;
    let bytes = 0;
    for (let i = entries.length - 1; i >= overCount; i--) {
      bytes += budget.weigh(entries[i] as T);
      if (bytes > budget.maxBytes) return i + 1;
    }
    return overCount;
  };

  return {
    append(entry) {
      const stored = { seq: nextSeq++, ...entry };
      entries.push(stored);
      appendsSinceTrim += 1;
      if (appendsSinceTrim >= batch || entries.length > limit + batch) {
        appendsSinceTrim = 0;
        const over = excess();
        if (over > 0) {
          entries = entries.slice(over);
          dropped += over;
        }
      }
      return stored;
    },
    list(afterSeq = 0) {
      return entries.slice(excess()).filter((entry) => entry.seq > afterSeq);
    },
    dropped: () => dropped + excess(),
    clear() {
      entries = [];
      dropped = 0;
      appendsSinceTrim = 0;
    },
  };
}
