/** Where the server's time comes from; the domain never reads Date.now() itself, so tests can move time. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export interface TestClock extends Clock {
  set(epochMs: number): void;
  advance(ms: number): void;
}

export function createTestClock(startEpochMs = Date.UTC(2030, 0, 1)): TestClock {
  let current = startEpochMs;
  return {
    now: () => current,
    set: (epochMs) => {
      current = epochMs;
    },
    advance: (ms) => {
      current += ms;
    },
  };
}

/** JWT `iat`/`exp` are whole seconds (RFC 7519 NumericDate). */
export const epochSeconds = (clock: Clock): number => Math.floor(clock.now() / 1000);

/** What the control API reports about the server's clock. */
export interface ServerClockState {
  /** Epoch ms the server reads now. */
  now: number;
  /** Ahead of (or, negative, behind) the real clock; 0 while frozen. */
  offsetMs: number;
  frozen: boolean;
}

/**
 * The server's clock as the control API moves it: the real (or injected) clock plus an offset,
 * or frozen at one instant. Tokens' iat/exp and every expiry check read it.
 */
export interface ServerClock extends Clock {
  /** Unfreezes; the server then runs `ms` ahead of the base clock (behind when negative). */
  setOffset(ms: number): void;
  freezeAt(epochMs: number): void;
  /** Moves the server's time forward (frozen or not). */
  advance(ms: number): void;
  /** Back to the base clock. */
  reset(): void;
  state(): ServerClockState;
}

export function createServerClock(base: Clock): ServerClock {
  let offsetMs = 0;
  let frozenAt: number | undefined;
  const now = () => frozenAt ?? base.now() + offsetMs;
  return {
    now,
    setOffset(ms) {
      frozenAt = undefined;
      offsetMs = ms;
    },
    freezeAt(epochMs) {
      frozenAt = epochMs;
      offsetMs = 0;
    },
    advance(ms) {
      if (frozenAt === undefined) offsetMs += ms;
      else frozenAt += ms;
    },
    reset() {
      frozenAt = undefined;
      offsetMs = 0;
    },
    state: () => ({ now: now(), offsetMs, frozen: frozenAt !== undefined }),
  };
}
