import { randomBytes } from 'node:crypto';

/**
 * Server-provided nonces (RFC 9449 §8, §9): one current value, rotated every `rotateSeconds`
 * on the given clock; the previous value stays acceptable for one more period, so a client
 * that fetched a nonce just before a rotation is not refused.
 */
export class DpopNonces {
  readonly #now: () => number;
  #rotateMs: number;
  #current = newNonce();
  #previous: string | undefined;
  #rotatedAt: number;

  constructor(now: () => number, rotateSeconds: number) {
    this.#now = now;
    this.#rotateMs = rotateSeconds * 1000;
    this.#rotatedAt = now();
  }

  /** The nonce to hand out now. */
  current(): string {
    const elapsed = this.#now() - this.#rotatedAt;
    if (elapsed >= this.#rotateMs || elapsed < 0) {
      // Two periods gone (or the clock went back): the previous value is stale too.
      this.#previous = elapsed < 2 * this.#rotateMs && elapsed >= 0 ? this.#current : undefined;
      this.#current = newNonce();
      this.#rotatedAt = this.#now();
    }
    return this.#current;
  }

  isValid(nonce: unknown): boolean {
    const current = this.current();
    return typeof nonce === 'string' && (nonce === current || nonce === this.#previous);
  }

  /** A new value at once; the old one stays valid for one period (control API `rotate`). */
  rotate(): string {
    this.#previous = this.#current;
    this.#current = newNonce();
    this.#rotatedAt = this.#now();
    return this.#current;
  }

  setRotateSeconds(seconds: number): void {
    this.#rotateMs = seconds * 1000;
  }
}

const newNonce = () => randomBytes(16).toString('base64url');
