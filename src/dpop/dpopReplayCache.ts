/**
 * The `jti`s of accepted proofs (RFC 9449 §11.1), bounded in entries. An entry is kept until
 * the proof it stands for could no longer be accepted anyway (`until`, epoch ms).
 *
 * When full, the oldest entry goes, and from then on no proof issued at or before that entry's
 * `iat` is accepted (`evictedThrough`): forgetting a `jti` never lets its proof be replayed,
 * and a flood of fresh proofs costs only those old enough to have been forgotten.
 */
export class DpopReplayCache {
  readonly maxEntries: number;
  readonly #entries = new Map<string, { iat: number; until: number }>();
  #evictedThrough = Number.NEGATIVE_INFINITY;

  constructor(maxEntries: number) {
    this.maxEntries = maxEntries;
  }

  get size(): number {
    return this.#entries.size;
  }

  /**
   * Records `key` (proof `iat` in epoch seconds, kept until `until` epoch ms); false when it was
   * seen before or is too old for the cache to vouch for.
   */
  remember(key: string, iat: number, until: number, now: number): boolean {
    this.#dropExpired(now);
    if (this.#entries.has(key) || iat <= this.#evictedThrough) return false;
    while (this.#entries.size >= this.maxEntries) this.#evictOldest();
    this.#entries.set(key, { iat, until });
    return true;
  }

  clear(): void {
    this.#entries.clear();
    this.#evictedThrough = Number.NEGATIVE_INFINITY;
  }

  #dropExpired(now: number): void {
    // Insertion order is close to expiry order; stop at the first live entry.
    for (const [key, entry] of this.#entries) {
      if (entry.until > now) return;
      this.#entries.delete(key);
    }
  }

  #evictOldest(): void {
    const oldest = this.#entries.entries().next().value;
    if (!oldest) return;
    const [key, entry] = oldest;
    this.#entries.delete(key);
    this.#evictedThrough = Math.max(this.#evictedThrough, entry.iat);
  }
}
