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
