/** A typed client for the authorization server's `/__control` API (tests steer the server with it). */

export interface Lifetimes {
  accessTokenSeconds?: number;
  idTokenSeconds?: number;
  codeSeconds?: number;
}

export class ControlError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    path: string,
  ) {
    super(`control ${path} answered ${status}: ${JSON.stringify(body)}`);
    this.name = 'ControlError';
  }
}

export interface ControlClient {
  health(): Promise<{ ok: true }>;
  /** Back to the seeded state: no sessions, codes, grants or overrides. */
  reset(): Promise<void>;
  setLifetimes(lifetimes: Lifetimes): Promise<Required<Lifetimes>>;
  /** Ends one user's sessions (by `sub`), or every session. Returns how many ended. */
  endSessions(options?: { userId?: string }): Promise<number>;
}

export function createControlClient(
  baseUrl: string,
  fetchImpl: typeof fetch = fetch,
): ControlClient {
  const root = `${baseUrl.replace(/\/+$/, '')}/__control`;
  async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const response = await fetchImpl(`${root}/${path}`, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    if (!response.ok) throw new ControlError(response.status, parsed, path);
    return parsed as T;
  }
  return {
    health: () => call('GET', 'health'),
    reset: async () => {
      await call('POST', 'reset', {});
    },
    setLifetimes: async (lifetimes) =>
      (await call<{ lifetimes: Required<Lifetimes> }>('POST', 'lifetimes', lifetimes)).lifetimes,
    endSessions: async (options = {}) =>
      (await call<{ ended: number }>('POST', 'sessions/end', options)).ended,
  };
}
